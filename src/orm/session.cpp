// The Session's unit of work, identity map and relationship loading over type-erased model descriptors.
//
// Memory (session_memory.h): objects and their snapshots live in per-session arenas of recycled blocks, never
// freed one by one (the session owns every object until it is destroyed). Each object sits after its state, which
// is found from the object's address through the block's page. The identity map is one flat open-addressing
// table per model keyed by the int64 primary key. A snapshot (the columns as the database has them) is an object
// of the model whose columns are copied member by member; dirty tracking compares member with member, no boxing.
#include "strata/orm/session.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <functional>
#include <map>
#include <set>

#include <fmt/format.h>

#include "session_memory.h"
#include "strata/sql/error.h"

namespace strata::orm {

using detail::FlatMap;

size_t detail::next_model_index() {
  static std::atomic<size_t> next{0};
  return next++;
}

enum class Status : uint8_t { kPending, kPersistent, kDeleted, kDetached };

// 48 bytes before every object of the session's arenas (bit fields keep it there: it is memory the session
// touches once per object it loads or adds).
struct ObjectState {
  const ModelDescriptor* desc = nullptr;
  void* obj = nullptr;
  void* flushed = nullptr;    // snapshot: the columns as the database has them in the open transaction
  void* committed = nullptr;  // snapshot as last committed, when it differs from `flushed` (else null)
  uint64_t loaded = 0;        // bit per relationship: loaded from the database (or created here)
  uint32_t seen_in = 0;       // the query (Impl::query_epoch) that last returned this object
  Status status = Status::kPending;
  bool marked_delete : 1 = false;
  bool pk_generated : 1 = false;  // the key was assigned by an INSERT of the open transaction
  bool inserted_in_tx : 1 = false;
  bool deleted_in_tx : 1 = false;
  bool expired : 1 = false;
  bool fresh : 1 = false;         // ... and whether that query loads its joined relationship
  bool has_m2m_base : 1 = false;  // Impl::m2m_base has entries for this object
  bool owned : 1 = false;         // in the session's arena (else the program's: see ~Session)
  bool in_tx : 1 = false;         // in Impl::in_tx: inserted, updated or deleted by a flush of the open transaction

  bool is_loaded(size_t rel) const { return (loaded >> rel) & 1; }
  void set_loaded(size_t rel) { loaded |= uint64_t{1} << rel; }
};
static_assert(sizeof(ObjectState) <= 48);

namespace {
int64_t as_int(const Value& v) {
  if (auto* p = std::get_if<int32_t>(&v)) return *p;
  if (auto* p = std::get_if<int64_t>(&v)) return *p;
  if (auto* p = std::get_if<double>(&v)) return static_cast<int64_t>(*p);
  return 0;
}

uint64_t address_key(const void* o) { return static_cast<uint64_t>(reinterpret_cast<uintptr_t>(o)); }
}  // namespace

// Everything the session holds for one model.
struct ModelSlot {
  ModelSlot(const ModelDescriptor& d, Session* session)
      : desc(&d), objects(d.size, d.align, d.destruct), snapshots(d.size, d.align, d.destruct) {
    loaders.reserve(d.relationships.size());  // never resized again: One<>/Many<> members point at them
    for (size_t i = 0; i < d.relationships.size(); ++i) {
      const RelationshipDescriptor& r = d.relationships[i];
      loaders.push_back(detail::RelationshipLoader{session, r.detached_loader.model, static_cast<int>(i),
                                                   r.member_offset, &r.detached_loader});
    }
  }
  const ModelDescriptor* desc;
  std::vector<detail::RelationshipLoader> loaders;  // lazy loaders, by relationship
  std::vector<ObjectState*> list;  // in add/load order
  FlatMap<ObjectState> identity;   // primary key -> state
  detail::Arena<ObjectState> objects;  // each object after its state
  detail::Arena<detail::NoHeader> snapshots;
  std::vector<void*> free_snapshots;
};

struct Session::Impl {
  explicit Impl(Session* s) : self(s) {}
  Session* self;
  std::vector<std::unique_ptr<ModelSlot>> slot_by_index;  // by ModelDescriptor::index
  std::vector<ModelSlot*> slots;                           // in the order the models were first seen
  FlatMap<ModelSlot> pages;  // address >> kPageShift -> the slot whose arena block holds that page
  // Objects the program owns (reached through the save-update cascade): their states, by address / 16.
  FlatMap<ObjectState> foreign{4};
  std::vector<std::unique_ptr<ObjectState[]>> state_chunks;
  size_t states_used = 0;
  size_t tracked = 0;
  std::vector<const ModelDescriptor*> known;  // every descriptor seen
  // Many-to-many collections as the database has them (loaded, or written by the last sync): the flush writes
  // the difference with the collection in memory as association rows.
  std::map<std::pair<const ObjectState*, size_t>, std::vector<void*>> m2m_base;
  int savepoints = 0;
  bool deletes_marked = false;  // an object may be marked for deletion (cleared when a flush or rollback settles)
  std::vector<ObjectState*> in_tx;  // what the open transaction's flushes wrote (commit() settles only these)
  void note_in_tx(ObjectState* s) {
    if (s->in_tx) return;
    s->in_tx = true;
    in_tx.push_back(s);
  }
  uint32_t query_epoch = 0;
  static constexpr size_t kStateChunk = 256;

  static void commit_state(ObjectState* s);

  ModelSlot& slot(const ModelDescriptor& d) {
    if (d.index < slot_by_index.size() && slot_by_index[d.index]) return *slot_by_index[d.index];
    if (d.index >= slot_by_index.size()) slot_by_index.resize(d.index + 1);
    slot_by_index[d.index] = std::make_unique<ModelSlot>(d, self);
    slots.push_back(slot_by_index[d.index].get());
    return *slots.back();
  }
  std::vector<ObjectState*>& list(const ModelDescriptor* d) { return slot(*d).list; }
  FlatMap<ObjectState>& identity(const ModelDescriptor& d) { return slot(d).identity; }
  ObjectState* find_identity(const ModelDescriptor& d, int64_t id) {
    return d.index < slot_by_index.size() && slot_by_index[d.index]
               ? slot_by_index[d.index]->identity.find(static_cast<uint64_t>(id))
               : nullptr;
  }

  ObjectState* state(const void* o) {
    // A committed record of an arena is tracked (track() follows commit() at once), so the answer needs no read
    // of the record itself: a cascade asking about many objects it does not otherwise touch takes no cache miss.
    if (ModelSlot* sl = pages.find(reinterpret_cast<uintptr_t>(o) >> detail::kPageShift)) {
      return sl->objects.header_of(o);
    }
    return foreign.find(address_key(o));
  }
  // Memory for a new object of `sl`'s model in its arena (the object is the arena's after objects.commit()).
  void* reserve_object(ModelSlot& sl) {
    void* p = sl.objects.reserve();
    if (std::byte* block = sl.objects.take_new_block()) {
      for (size_t at = 0; at < sl.objects.block_bytes(); at += detail::kPageBytes) {
        pages.put(reinterpret_cast<uintptr_t>(block + at) >> detail::kPageShift, &sl, true);
      }
    }
    return p;
  }
  void* create_object(ModelSlot& sl) {
    void* p = reserve_object(sl);
    sl.desc->construct(p);
    sl.objects.commit();
    return p;
  }
  ObjectState& require(const void* o) {
    ObjectState* s = state(o);
    if (s == nullptr) raise<InvalidArgument>("orm::Session: the object is not in this session (add it first)");
    return *s;
  }
  void know(const ModelDescriptor* d) {
    if (std::find(known.begin(), known.end(), d) != known.end()) return;
    known.push_back(d);
    slot(*d);
    for (const auto& c : d->columns) {
      if (c.fk_target) know(&c.fk_target());
    }
    for (const auto& r : d->relationships) {
      know(&r.target());
      if (r.association) know(&r.association());
    }
  }
  ObjectState* new_state() {
    if (state_chunks.empty() || states_used == kStateChunk) {
      state_chunks.push_back(std::make_unique<ObjectState[]>(kStateChunk));
      states_used = 0;
    }
    return &state_chunks.back()[states_used++];
  }
  // The loader pointer of relationship `r` in object `o` (One<>/Many<>'s, found by its offset).
  static const detail::RelationshipLoader*& loader_of(void* o, const RelationshipDescriptor& r) {
    return *reinterpret_cast<const detail::RelationshipLoader**>(static_cast<std::byte*>(o) + r.loader_offset);
  }
  // Lazy loading: every relationship of `s` that is not loaded gets the session's loader; loaded ones none.
  static void arm(ModelSlot& sl, ObjectState* s) {
    const ModelDescriptor& d = *sl.desc;
    for (size_t i = 0; i < d.relationships.size(); ++i) {
      loader_of(s->obj, d.relationships[i]) = s->is_loaded(i) ? nullptr : &sl.loaders[i];
    }
  }
  static void mark_loaded(ObjectState* s, size_t rel) {
    s->set_loaded(rel);
    loader_of(s->obj, s->desc->relationships[rel]) = nullptr;
  }
  // Track `o`: `owned` objects were just committed to the model's arena (their state is their record's header),
  // others are the program's. nullptr when the program's `o` is tracked already.
  ObjectState* track(const ModelDescriptor& d, void* o, Status status, bool owned) {
    if (known.empty() || known.back() != &d) know(&d);
    ObjectState* p = nullptr;
    if (owned) {  // just committed to the arena: its header is raw memory until now
      p = new (detail::Arena<ObjectState>::header_of_own(o, slot(d).objects.header_bytes())) ObjectState();
    } else {
      if (state(o) != nullptr) return nullptr;
      p = new_state();
      foreign.put(address_key(o), p, false);
    }
    ++tracked;
    p->desc = &d;
    p->obj = o;
    p->status = status;
    p->owned = owned;
    p->loaded = status == Status::kPending ? ~uint64_t{0} : 0;
    ModelSlot& sl = slot(d);
    sl.list.push_back(p);
    // A pending object's relationships are what the program put there (a copy of another session's object
    // arrives with detached loaders); a persistent one's are loaded lazily.
    arm(sl, p);
    return p;
  }
  // A snapshot of `o`'s columns (re-using `into` when given).
  void* snapshot(const ModelDescriptor& d, const void* o, void* into = nullptr) {
    if (into == nullptr) {
      ModelSlot& sl = slot(d);
      if (!sl.free_snapshots.empty()) {
        into = sl.free_snapshots.back();
        sl.free_snapshots.pop_back();
      } else {
        into = sl.snapshots.reserve();
        d.construct(into);
        sl.snapshots.commit();
      }
    }
    d.copy_columns(into, o);
    return into;
  }
  // A new snapshot of a freshly loaded object (its relationship members still empty): one copy construction.
  void* snapshot_loaded(ModelSlot& sl, const void* o) {
    const ModelDescriptor& d = *sl.desc;
    if (d.copy_construct == nullptr || !sl.free_snapshots.empty()) return snapshot(d, o);
    void* into = sl.snapshots.reserve();
    d.copy_construct(into, o);
    sl.snapshots.commit();
    return into;
  }
  void release_snapshot(const ModelDescriptor& d, void*& snap) {
    if (snap != nullptr) slot(d).free_snapshots.push_back(snap);
    snap = nullptr;
  }
  int64_t flushed_key(const ObjectState* s) const {
    return s->desc->columns[static_cast<size_t>(s->desc->pk)].get_int(s->flushed);
  }
  // Models ordered so that each comes after the models its foreign keys refer to.
  std::vector<const ModelDescriptor*> topo_order() const {
    std::vector<const ModelDescriptor*> out;
    std::set<const ModelDescriptor*> done, visiting;
    std::function<void(const ModelDescriptor*)> visit = [&](const ModelDescriptor* d) {
      if (done.count(d) || visiting.count(d)) return;
      visiting.insert(d);
      for (const auto& c : d->columns) {
        if (c.fk_target && &c.fk_target() != d) visit(&c.fk_target());
      }
      visiting.erase(d);
      done.insert(d);
      out.push_back(d);
    };
    for (const ModelDescriptor* d : known) visit(d);
    return out;
  }
};

Session::Session(sql::Connection& connection)
    : conn_(&connection), dialect_(connection.dialect()), impl_(std::make_unique<Impl>(this)) {}

// The arenas destroy the objects and snapshots. Objects the program owns (joined through the save-update
// cascade) outlive the session: their relationships not loaded become detached (reading them raises
// DetachedInstanceError), so no member points at a loader of this session after it.
Session::~Session() {
  for (ModelSlot* slot : impl_->slots) {
    for (ObjectState* s : slot->list) {
      if (s->owned) continue;
      const ModelDescriptor& d = *slot->desc;
      for (size_t i = 0; i < d.relationships.size(); ++i) {
        const detail::RelationshipLoader*& l = Impl::loader_of(s->obj, d.relationships[i]);
        if (l != nullptr && l->session == this) l = &d.relationships[i].detached_loader;
      }
    }
  }
}

size_t Session::size() const { return impl_->tracked; }
bool Session::is_persistent(const void* o) const {
  auto* s = impl_->state(o);
  return s != nullptr && s->status == Status::kPersistent;
}
bool Session::is_pending(const void* o) const {
  auto* s = impl_->state(o);
  return s != nullptr && s->status == Status::kPending;
}

sql::Result Session::run(const std::string& sql, std::span<const Value> params) {
  if (!conn_->in_transaction()) {
    ++statements_;
    conn_->begin();
  }
  ++statements_;
  return conn_->execute(sql, params);
}

void* Session::allocate(const ModelDescriptor& d) { return impl_->reserve_object(impl_->slot(d)); }

void Session::add_erased(const ModelDescriptor& d, void* object) {
  impl_->slot(d).objects.commit();
  impl_->track(d, object, Status::kPending, true);
}

void Session::remove_erased(void* object) {
  ObjectState& s = impl_->require(object);
  if (s.status == Status::kPending) {
    s.status = Status::kDetached;
  } else if (s.status == Status::kPersistent) {
    s.marked_delete = true;
    impl_->deletes_marked = true;
  }
}

// ------------------------------------------------------------------------------------------ hydration
namespace {
std::string column_list(const ModelDescriptor& d, const std::string& qualifier) {
  std::string out;
  for (size_t i = 0; i < d.columns.size(); ++i) {
    if (i > 0) out += ", ";
    out += qualifier + "." + d.columns[i].name;
  }
  return out;
}
}  // namespace

// The object of the row at columns offset.. of `r` (nullptr when its key is NULL): the identity map's, or a
// new persistent one.
static ObjectState* hydrate_row(Session::Impl& impl, const ModelDescriptor& d, const sql::Result& r, int offset);

ObjectState* hydrate_row(Session::Impl& impl, const ModelDescriptor& d, const sql::Result& r, int offset) {
  if (r.is_null(offset + d.pk)) return nullptr;
  const int64_t id = r.get_int64(offset + d.pk);
  ModelSlot& slot = impl.slot(d);
  if (ObjectState* s = slot.identity.find(static_cast<uint64_t>(id))) {
    if (s->expired) {
      d.read_columns(s->obj, r, offset);
      s->flushed = impl.snapshot(d, s->obj, s->flushed);
      impl.release_snapshot(d, s->committed);
      s->expired = false;
    }
    return s;
  }
  void* o = impl.create_object(slot);
  d.read_columns(o, r, offset);
  void* snap = impl.snapshot_loaded(slot, o);  // before track() arms the loaders: the copy has none to look at
  ObjectState* s = impl.track(d, o, Status::kPersistent, true);
  s->flushed = snap;
  slot.identity.put(static_cast<uint64_t>(id), s, false);
  return s;
}

void* Session::get_erased(const ModelDescriptor& d, int64_t id) {
  ObjectState* known = impl_->find_identity(d, id);
  if (known != nullptr && !known->expired && known->status == Status::kPersistent) return known->obj;
  flush();
  std::string sql = fmt::format("SELECT {} FROM {} WHERE {}.{} = {}", column_list(d, d.table), d.table, d.table,
                                d.columns[d.pk].name, sql::placeholder(dialect_, 1));
  std::vector<Value> params{Value{id}};
  sql::Result r = run(sql, params);
  if (!r.next()) return nullptr;
  ObjectState* s = hydrate_row(*impl_, d, r, 0);
  return s->status == Status::kPersistent ? s->obj : nullptr;
}

// Relationships of a persistent object are emptied and loaded again on their next read (their in-memory changes
// not flushed are dropped, as SQLAlchemy's expire drops them).
void Session::expire_erased(void* object) {
  ObjectState& s = impl_->require(object);
  s.expired = true;
  if (s.status != Status::kPersistent) return;
  const ModelDescriptor& d = *s.desc;
  for (size_t i = 0; i < d.relationships.size(); ++i) {
    const RelationshipDescriptor& r = d.relationships[i];
    if (r.kind == RelationshipKind::kManyToOne) {
      r.set_one(object, nullptr);
    } else {
      r.clear(object);
    }
  }
  if (s.has_m2m_base) {
    for (size_t i = 0; i < d.relationships.size(); ++i) impl_->m2m_base.erase({&s, i});
    s.has_m2m_base = false;
  }
  s.loaded = 0;
  Impl::arm(impl_->slot(d), &s);
}

void Session::refresh_erased(void* object) {
  ObjectState& s = impl_->require(object);
  if (s.status != Status::kPersistent) raise<InvalidArgument>("refresh(): the object is not persistent");
  expire_erased(object);
  const ModelDescriptor& d = *s.desc;
  get_erased(d, d.columns[static_cast<size_t>(d.pk)].get_int(object));
}

// -------------------------------------------------------------------------------------- relationships
// A collection not loaded yet takes the child all the same (no SELECT): its load adds what the database has.
void Session::link_many(void* parent, const ModelDescriptor& d, int rel, void* child) {
  const RelationshipDescriptor& r = d.relationships[static_cast<size_t>(rel)];
  impl_->require(parent);
  ObjectState& cs = impl_->require(child);
  if (r.kind == RelationshipKind::kOneToMany && r.back >= 0) {
    const RelationshipDescriptor& back = r.target().relationships[static_cast<size_t>(r.back)];
    Impl::mark_loaded(&cs, static_cast<size_t>(r.back));  // assigned below (or already the parent)
    void* old = back.get_one(child);
    if (old != parent) {
      // link() keeps both sides in step, so a child whose back reference is another object is not in this
      // collection: no linear search for the common case.
      if (old != nullptr) r.erase(old, child);
      back.set_one(child, parent);
      r.push(parent, child);
    } else if (!r.contains(parent, child)) {
      r.push(parent, child);
    }
  } else if (!r.contains(parent, child)) {
    r.push(parent, child);
  }
  if (r.kind == RelationshipKind::kOneToMany) {
    const Value key = d.columns[static_cast<size_t>(d.pk)].get(parent);
    if (as_int(key) != 0) r.target().columns[static_cast<size_t>(r.fk_column)].set(child, key);
  }
}

void Session::link_one(void* child, const ModelDescriptor& d, int rel, void* parent) {
  const RelationshipDescriptor& r = d.relationships[static_cast<size_t>(rel)];
  if (r.kind != RelationshipKind::kManyToOne) raise<InvalidArgument>("link(): not a many-to-one relationship");
  if (r.back >= 0 && parent != nullptr) {
    link_many(parent, r.target(), r.back, child);
    return;
  }
  void* old = r.get_one(child);
  if (r.back >= 0 && old != nullptr) r.target().relationships[static_cast<size_t>(r.back)].erase(old, child);
  r.set_one(child, parent);
  if (ObjectState* cs = impl_->state(child)) Impl::mark_loaded(cs, static_cast<size_t>(rel));
}

void Session::unlink_many(void* parent, const ModelDescriptor& d, int rel, void* child) {
  const RelationshipDescriptor& r = d.relationships[static_cast<size_t>(rel)];
  if (!r.erase(parent, child)) return;
  if (r.kind == RelationshipKind::kOneToMany && r.back >= 0) {
    const RelationshipDescriptor& back = r.target().relationships[static_cast<size_t>(r.back)];
    if (back.get_one(child) == parent) {
      back.set_one(child, nullptr);
      if (ObjectState* cs = impl_->state(child)) Impl::mark_loaded(cs, static_cast<size_t>(r.back));
    }
  }
  if (r.cascade.has(CascadeFlag::kDeleteOrphan)) remove_erased(child);
}

namespace {
constexpr size_t kInChunk = 500;

std::string in_list(Dialect dialect, size_t n, int first) {
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    if (i > 0) out += ", ";
    out += sql::placeholder(dialect, first + static_cast<int>(i));
  }
  return out;
}
}  // namespace

// Load relationship `rel` of every object in `objects` (all of model d) with SELECT ... IN (...).
static void load_selectin(Session& session, Session::Impl& impl, const ModelDescriptor& d, int rel,
                          const std::vector<ObjectState*>& objects) {
  const RelationshipDescriptor& r = d.relationships[static_cast<size_t>(rel)];
  const ModelDescriptor& t = r.target();
  const Dialect dialect = session.dialect();
  std::vector<ObjectState*> todo;
  for (ObjectState* s : objects) {
    if (s->status == Status::kPersistent && !s->is_loaded(static_cast<size_t>(rel))) todo.push_back(s);
  }
  if (r.kind == RelationshipKind::kManyToOne) {
    std::map<int64_t, std::vector<ObjectState*>> by_key;
    const ColumnDescriptor& fk = d.columns[static_cast<size_t>(r.fk_column)];
    for (ObjectState* s : todo) {
      if (fk.nullable && sql::is_null(fk.get(s->obj))) {  // no target: nothing to read
        r.set_one(s->obj, nullptr);
        Session::Impl::mark_loaded(s, static_cast<size_t>(rel));
        continue;
      }
      int64_t k = fk.get_int(s->obj);
      ObjectState* hit = impl.find_identity(t, k);
      if (hit != nullptr && !hit->expired) {
        r.set_one(s->obj, hit->obj);
        Session::Impl::mark_loaded(s, static_cast<size_t>(rel));
      } else {
        by_key[k].push_back(s);
      }
    }
    std::vector<int64_t> keys;
    for (auto& [k, v] : by_key) keys.push_back(k);
    for (size_t i = 0; i < keys.size(); i += kInChunk) {
      size_t n = std::min(kInChunk, keys.size() - i);
      std::vector<Value> params;
      for (size_t j = 0; j < n; ++j) params.emplace_back(std::in_place_type<int64_t>, keys[i + j]);
      std::string sql = fmt::format("SELECT {} FROM {} WHERE {}.{} IN ({})", column_list(t, t.table), t.table,
                                    t.table, t.columns[static_cast<size_t>(t.pk)].name, in_list(dialect, n, 1));
      sql::Result res = session.run(sql, params);
      while (res.next()) {
        ObjectState* target = hydrate_row(impl, t, res, 0);
        for (ObjectState* s : by_key[t.columns[static_cast<size_t>(t.pk)].get_int(target->obj)]) {
          r.set_one(s->obj, target->obj);
        }
      }
    }
    for (ObjectState* s : todo) Session::Impl::mark_loaded(s, static_cast<size_t>(rel));
    return;
  }
  std::map<int64_t, ObjectState*> by_key;
  for (ObjectState* s : todo) by_key[d.columns[static_cast<size_t>(d.pk)].get_int(s->obj)] = s;
  std::vector<int64_t> keys;
  for (auto& [k, v] : by_key) keys.push_back(k);
  for (size_t i = 0; i < keys.size(); i += kInChunk) {
    size_t n = std::min(kInChunk, keys.size() - i);
    std::vector<Value> params;
    for (size_t j = 0; j < n; ++j) params.push_back(Value{keys[i + j]});
    std::string sql;
    if (r.kind == RelationshipKind::kOneToMany) {
      sql = fmt::format("SELECT {}.{}, {} FROM {} WHERE {}.{} IN ({}) ORDER BY {}.{}", t.table,
                        t.columns[static_cast<size_t>(r.fk_column)].name, column_list(t, t.table), t.table, t.table,
                        t.columns[static_cast<size_t>(r.fk_column)].name, in_list(dialect, n, 1), t.table,
                        t.columns[static_cast<size_t>(t.pk)].name);
    } else {
      const ModelDescriptor& a = r.association();
      const std::string& local = a.columns[static_cast<size_t>(r.fk_column)].name;
      sql = fmt::format("SELECT {}.{}, {} FROM {} JOIN {} ON {}.{} = {}.{} WHERE {}.{} IN ({}) ORDER BY {}.{}",
                        a.table, local, column_list(t, t.table), t.table, a.table, a.table,
                        a.columns[static_cast<size_t>(r.remote_column)].name, t.table,
                        t.columns[static_cast<size_t>(t.pk)].name, a.table, local, in_list(dialect, n, 1), a.table,
                        a.columns[static_cast<size_t>(a.pk)].name);
    }
    sql::Result res = session.run(sql, params);
    const RelationshipDescriptor* back =
        r.kind == RelationshipKind::kOneToMany && r.back >= 0 ? &t.relationships[static_cast<size_t>(r.back)] : nullptr;
    while (res.next()) {
      ObjectState* parent = by_key[res.get_int64(0)];
      ObjectState* child = hydrate_row(impl, t, res, 1);
      if (child->status != Status::kPersistent || child->marked_delete) continue;
      if (!r.contains(parent->obj, child->obj)) r.push(parent->obj, child->obj);
      if (back != nullptr) {  // the child's reference to its parent is known now too
        back->set_one(child->obj, parent->obj);
        Session::Impl::mark_loaded(child, static_cast<size_t>(r.back));
      }
    }
  }
  for (ObjectState* s : todo) Session::Impl::mark_loaded(s, static_cast<size_t>(rel));
  if (r.kind == RelationshipKind::kManyToMany) {
    for (ObjectState* s : todo) {
      auto& base = impl.m2m_base[{s, static_cast<size_t>(rel)}];
      base.clear();
      for (size_t k = 0; k < r.size(s->obj); ++k) base.push_back(r.at(s->obj, k));
      s->has_m2m_base = true;
    }
  }
}

void Session::load_relationship(void* object, const ModelDescriptor& d, int rel) {
  ObjectState& s = impl_->require(object);
  const auto ri = static_cast<size_t>(rel);
  if (s.is_loaded(ri)) return;
  if (s.status == Status::kDeleted) {  // its row is gone in this transaction: what is in memory
    Impl::mark_loaded(&s, ri);
    return;
  }
  if (s.status != Status::kPersistent) return;
  const RelationshipDescriptor& r = d.relationships[ri];
  if (r.kind == RelationshipKind::kManyToOne) {
    // An expired object's foreign key is read again first (its other columns with it).
    if (s.expired) get_erased(d, d.columns[static_cast<size_t>(d.pk)].get_int(object));
    // A NULL foreign key or a target in the identity map: no statement, and so no autoflush (SQLAlchemy's
    // lazy loader does the same).
    const ColumnDescriptor& fk = d.columns[static_cast<size_t>(r.fk_column)];
    ObjectState* hit = nullptr;
    const bool null = fk.nullable && sql::is_null(fk.get(object));
    if (!null) hit = impl_->find_identity(r.target(), fk.get_int(object));
    if (null || (hit != nullptr && !hit->expired && hit->status == Status::kPersistent)) {
      r.set_one(object, null ? nullptr : hit->obj);
      Impl::mark_loaded(&s, ri);
      return;
    }
  }
  flush();
  load_selectin(*this, *impl_, d, rel, {&s});
}

void Session::lazy_load(void* object, const ModelDescriptor& d, int rel) {
  ObjectState* s = impl_->state(object);
  if (s != nullptr && s->status == Status::kDetached && !s->is_loaded(static_cast<size_t>(rel))) {
    throw DetachedInstanceError(d.table, d.relationships[static_cast<size_t>(rel)].target().table,
                                "deleted, and the deletion committed");
  }
  load_relationship(object, d, rel);
}

void Session::lazy_assigned(void* object, int rel) noexcept {
  if (ObjectState* s = impl_->state(object)) s->set_loaded(static_cast<size_t>(rel));
}

void detail::lazy_load(const RelationshipLoader* loader, const void* member) {
  const ModelDescriptor& d = loader->model();
  void* object = const_cast<std::byte*>(static_cast<const std::byte*>(member) - loader->member_offset);
  if (loader->session == nullptr) {
    throw DetachedInstanceError(d.table, d.relationships[static_cast<size_t>(loader->relationship)].target().table,
                                "copied out of its session, or its session is gone");
  }
  static_cast<Session*>(loader->session)->lazy_load(object, d, loader->relationship);
}

void detail::lazy_assigned(const RelationshipLoader* loader, const void* member) noexcept {
  void* object = const_cast<std::byte*>(static_cast<const std::byte*>(member) - loader->member_offset);
  static_cast<Session*>(loader->session)->lazy_assigned(object, loader->relationship);
}

std::vector<void*> Session::query_objects(const ModelDescriptor& d, const CompiledSql& q,
                                          const std::vector<LoadOption>& options) {
  flush();
  const LoadOption* join = nullptr;
  for (const LoadOption& o : options) {
    if (&o.model() != &d) raise<InvalidArgument>("orm: a loader option names a relationship of another model");
    if (o.strategy == LoadOption::Strategy::kJoined) {
      if (join != nullptr) raise<NotImplemented>("orm: more than one joined() option in one query");
      join = &o;
    }
  }
  std::vector<ObjectState*> found;
  std::vector<void*> out;  // the objects of `found` that are persistent and not deleted, built as they are found
  // Presize from the driver's row count when it knows it (PostgreSQL): the identity map, the state table and
  // the object list grow once instead of doubling through the read.
  auto presize = [&](const sql::Result& r) {
    const auto n = r.row_count_hint();
    if (!n || *n <= 0) return;
    const auto rows = static_cast<size_t>(*n);
    ModelSlot& slot = impl_->slot(d);
    slot.identity.reserve(slot.identity.size() + rows);
    slot.list.reserve(slot.list.size() + rows);
    found.reserve(rows);
    out.reserve(rows);
  };
  if (impl_->query_epoch == UINT32_MAX) {  // the epoch wraps: no state may keep a number it will be given again
    for (ModelSlot* slot : impl_->slots) {
      for (ObjectState* s : slot->list) s->seen_in = 0;
    }
    impl_->query_epoch = 0;
  }
  const uint32_t epoch = ++impl_->query_epoch;
  // The first row of `s` in this query: it joins `found` (and `out`).
  auto first_time = [&](ObjectState* s) {
    if (s->seen_in == epoch) return false;
    s->seen_in = epoch;
    s->fresh = false;
    found.push_back(s);
    if (s->status == Status::kPersistent && !s->marked_delete) out.push_back(s->obj);
    return true;
  };
  if (join == nullptr) {
    sql::Result r = run(q.sql, q.params);
    presize(r);
    while (r.next()) {
      ObjectState* s = hydrate_row(*impl_, d, r, 0);
      if (s != nullptr) first_time(s);
    }
  } else {
    const RelationshipDescriptor& rel = d.relationships[static_cast<size_t>(join->relationship)];
    const ModelDescriptor& t = rel.target();
    std::string on;
    if (rel.kind == RelationshipKind::kManyToOne) {
      on = fmt::format("{}.{} = anon_1.{}", t.table, t.columns[static_cast<size_t>(t.pk)].name,
                       d.columns[static_cast<size_t>(rel.fk_column)].name);
    } else if (rel.kind == RelationshipKind::kOneToMany) {
      on = fmt::format("{}.{} = anon_1.{}", t.table, t.columns[static_cast<size_t>(rel.fk_column)].name,
                       d.columns[static_cast<size_t>(d.pk)].name);
    } else {
      raise<NotImplemented>("orm: joined() loading of a many-to-many relationship; use selectin()");
    }
    std::string sql = fmt::format("SELECT {}, {} FROM ({}) AS anon_1 LEFT OUTER JOIN {} ON {}",
                                  column_list(d, "anon_1"), column_list(t, t.table), q.sql, t.table, on);
    sql::Result r = run(sql, q.params);
    presize(r);
    const size_t ri = static_cast<size_t>(join->relationship);
    const int offset = static_cast<int>(d.columns.size());
    const RelationshipDescriptor* back =
        rel.kind == RelationshipKind::kOneToMany && rel.back >= 0 ? &t.relationships[static_cast<size_t>(rel.back)]
                                                                 : nullptr;
    // Many-to-one: the targets this query has already read, by key (a direct-mapped cache in front of
    // hydrate_row; a target read once in this query is current, so later rows naming it need not be read).
    struct Seen {
      int64_t key = 0;
      ObjectState* state = nullptr;
    };
    std::array<Seen, 256> seen{};
    const int target_pk = offset + t.pk;
    while (r.next()) {
      ObjectState* s = hydrate_row(*impl_, d, r, 0);
      if (s == nullptr) continue;
      if (first_time(s)) {
        s->fresh = !s->is_loaded(ri);  // this query loads its relationship
        // A many-to-one is whole with its one row: loaded now. A collection is loaded once every row is read.
        if (s->fresh && rel.kind == RelationshipKind::kManyToOne) Impl::mark_loaded(s, ri);
      }
      if (!s->fresh) continue;
      ObjectState* child = nullptr;
      if (rel.kind == RelationshipKind::kManyToOne) {
        if (r.is_null(target_pk)) continue;
        const int64_t key = r.get_int64(target_pk);
        Seen& e = seen[static_cast<size_t>(key) & 255];
        if (e.state != nullptr && e.key == key) {
          child = e.state;
        } else {
          child = hydrate_row(*impl_, t, r, offset);
          e = Seen{key, child};
        }
      } else {
        child = hydrate_row(*impl_, t, r, offset);
      }
      if (child == nullptr) continue;
      if (rel.kind == RelationshipKind::kManyToOne) {
        rel.set_one(s->obj, child->obj);
      } else if (!rel.contains(s->obj, child->obj)) {
        rel.push(s->obj, child->obj);
        if (back != nullptr) {
          back->set_one(child->obj, s->obj);
          Impl::mark_loaded(child, static_cast<size_t>(rel.back));
        }
      }
    }
    if (rel.kind != RelationshipKind::kManyToOne) {
      for (ObjectState* s : found) {
        if (s->fresh) Impl::mark_loaded(s, ri);
      }
    }
  }
  for (const LoadOption& o : options) {
    if (o.strategy == LoadOption::Strategy::kSelectin) load_selectin(*this, *impl_, d, o.relationship, found);
  }
  return out;
}

// ------------------------------------------------------------------------------------------- flush
namespace {
// Copy foreign keys of `s` from its many-to-one targets that have keys.
template <typename OnChange>
void sync_many_to_one(Session::Impl& impl, ObjectState* s, OnChange on_change) {
  const ModelDescriptor& d = *s->desc;
  for (const auto& r : d.relationships) {
    if (r.kind != RelationshipKind::kManyToOne) continue;
    void* target = r.get_one(s->obj);
    if (target == nullptr) continue;
    const ModelDescriptor& t = r.target();
    const ColumnDescriptor& tpk = t.columns[static_cast<size_t>(t.pk)];
    const auto& col = d.columns[static_cast<size_t>(r.fk_column)];
    const int64_t target_key = tpk.get_int(target);
    if (target_key == 0) {
      // Inserted before this model (dependency order) unless it is not in the session or was removed.
      ObjectState* ts = impl.state(target);
      if (ts == nullptr) raise<InvalidArgument>("orm flush: a related {} object is not in the session", t.table);
      raise<InvalidArgument>("orm flush: a {} object refers to a removed {} object", d.table, t.table);
    }
    if (col.integral && tpk.integral) {  // both plain integers: compare unboxed, box only to write
      if (col.get_int(s->obj) != target_key) {
        on_change(static_cast<size_t>(r.fk_column));
        col.set(s->obj, Value{target_key});
      }
      continue;
    }
    const Value key = tpk.get(target);
    if (!col.equals(s->obj, key)) {
      on_change(static_cast<size_t>(r.fk_column));
      col.set(s->obj, key);
    }
  }
}
}  // namespace

namespace {
// Members a flush changed, in order; restore() puts them back newest first. Integer members (keys, versions)
// are kept unboxed.
struct Undo {
  struct IntChange {
    const ModelDescriptor* desc;
    void* obj;
    size_t column;
    int64_t before;
  };
  struct ValueChange {
    const ModelDescriptor* desc;
    void* obj;
    size_t column;
    Value before;
  };
  detail::BlockLog<IntChange> ints;  // one per foreign key a flush of many new rows sets: in blocks, never moved
  std::vector<ValueChange> values;

  void record(const ModelDescriptor* d, void* o, size_t c) {
    const ColumnDescriptor& col = d->columns[c];
    if (col.integral) {
      ints.push_back(IntChange{d, o, c, col.get_int(o)});
    } else {
      values.push_back(ValueChange{d, o, c, col.get(o)});
    }
  }
  void restore() {
    // Values first: a default_value() on a foreign-key column is applied after the key's sync.
    for (auto it = values.rbegin(); it != values.rend(); ++it) it->desc->columns[it->column].set(it->obj, it->before);
    ints.for_each_reverse([](const IntChange& c) { c.desc->columns[c.column].set(c.obj, Value{c.before}); });
  }
};

// The save-update cascade: visiting an object tracks the objects its relationships (many-to-one, one-to-many or
// many-to-many with save-update) reach that the session does not track yet, as pending objects where they are
// (the session does not own their memory), their back references set as link() would. The walk of
// Session::prepare_flush visits those in turn.
struct CascadeVisitor {
  explicit CascadeVisitor(Session::Impl& i) : impl(i) {}
  Session::Impl& impl;
  // Targets known to be tracked (a small direct-mapped cache in front of the state lookup: many objects share a
  // few parents; an object once tracked stays tracked during the walk).
  std::array<const void*, 64> tracked{};
  bool is_tracked(const void* x) {
    const size_t h = (reinterpret_cast<uintptr_t>(x) >> 4) & 63;
    if (tracked[h] == x) return true;
    if (impl.state(x) == nullptr) return false;
    tracked[h] = x;
    return true;
  }
  void visit(ObjectState* s) {
    const ModelDescriptor& d = *s->desc;
    for (const auto& r : d.relationships) {
      if (!r.cascade.has(CascadeFlag::kSaveUpdate)) continue;
      if (r.kind == RelationshipKind::kManyToOne) {
        void* x = r.get_one(s->obj);
        if (x == nullptr || is_tracked(x)) continue;
        const ModelDescriptor& t = r.target();
        impl.track(t, x, Status::kPending, false);
        if (r.back >= 0) {
          const auto& b = t.relationships[static_cast<size_t>(r.back)];
          if (!b.contains(x, s->obj)) b.push(x, s->obj);
        }
      } else {
        const size_t n = r.size(s->obj);
        for (size_t k = 0; k < n; ++k) {
          void* x = r.at(s->obj, k);
          if (x == nullptr || impl.state(x) != nullptr) continue;
          const ModelDescriptor& t = r.target();
          impl.track(t, x, Status::kPending, false);
          if (r.kind == RelationshipKind::kOneToMany && r.back >= 0) {
            const auto& b = t.relationships[static_cast<size_t>(r.back)];
            if (b.get_one(x) == nullptr) b.set_one(x, s->obj);
          }
        }
      }
    }
  }
};

// Whether a persistent object differs from what the database has: a column, a many-to-one whose target's key is
// not the foreign key, or a one-to-many child that is new or does not point at it.
bool object_changed(Session::Impl& impl, const ObjectState* s) {
  const ModelDescriptor* d = s->desc;
  const auto& cols = d->columns;
  if (!d->columns_same(s->obj, s->flushed)) return true;
  for (const auto& r : d->relationships) {
    if (r.kind == RelationshipKind::kManyToOne && r.get_one(s->obj) != nullptr) {
      const ModelDescriptor& t = r.target();
      const ColumnDescriptor& fk = cols[static_cast<size_t>(r.fk_column)];
      const ColumnDescriptor& tpk = t.columns[static_cast<size_t>(t.pk)];
      if (fk.integral && tpk.integral) {  // both plain integers: compare unboxed
        if (fk.get_int(s->flushed) != tpk.get_int(r.get_one(s->obj))) return true;
      } else if (!fk.equals(s->flushed, tpk.get(r.get_one(s->obj)))) {
        return true;
      }
    } else if (r.kind == RelationshipKind::kOneToMany) {
      // A child that is new, or whose foreign key is not this object's key (appended with push_back).
      const ModelDescriptor& t = r.target();
      const ColumnDescriptor& fk = t.columns[static_cast<size_t>(r.fk_column)];
      const ColumnDescriptor& pk = cols[static_cast<size_t>(d->pk)];
      const size_t n = r.size(s->obj);
      for (size_t k = 0; k < n; ++k) {
        void* child = r.at(s->obj, k);
        ObjectState* c = impl.state(child);
        if (c == nullptr || c->status == Status::kPending ||
            (fk.integral && pk.integral ? fk.get_int(child) != pk.get_int(s->obj) : !fk.equals(child, pk.get(s->obj)))) {
          return true;
        }
      }
    }
  }
  return false;
}
}  // namespace

// Many-to-many collections written as association rows: a target in the collection and not in its base (what
// the database has) gets a new association object, pointing at both ends through the association model's
// many-to-one relationships (else through the keys, when both ends have one); a target in the base and no
// longer in the collection has its association rows deleted. The base then follows the collection.
void Session::sync_many_to_many(ObjectState* s) {
  Impl& impl = *impl_;
  const ModelDescriptor& d = *s->desc;
  {
    for (size_t ri = 0; ri < d.relationships.size(); ++ri) {
      const RelationshipDescriptor& r = d.relationships[ri];
      if (r.kind != RelationshipKind::kManyToMany) continue;
      const size_t n = r.size(s->obj);
      if (n == 0 && !s->has_m2m_base) continue;
      const ModelDescriptor& a = r.association();
      const ModelDescriptor& t = r.target();
      // The association's many-to-one relationships through its two foreign-key columns (-1: none).
      int local_rel = -1, remote_rel = -1;
      for (size_t k = 0; k < a.relationships.size(); ++k) {
        const auto& ar = a.relationships[k];
        if (ar.kind != RelationshipKind::kManyToOne) continue;
        if (ar.fk_column == r.fk_column && &ar.target() == &d) local_rel = static_cast<int>(k);
        if (ar.fk_column == r.remote_column && &ar.target() == &t) remote_rel = static_cast<int>(k);
      }
      {
        std::vector<void*>* base = nullptr;
        if (s->has_m2m_base) {
          auto it = impl.m2m_base.find({s, ri});
          if (it != impl.m2m_base.end()) base = &it->second;
        }
        if (n == 0 && (base == nullptr || base->empty())) continue;
        std::vector<void*> items;
        items.reserve(n);
        for (size_t x = 0; x < n; ++x) items.push_back(r.at(s->obj, x));
        auto in = [](const std::vector<void*>* v, void* x) {
          return v != nullptr && std::find(v->begin(), v->end(), x) != v->end();
        };
        for (void* x : items) {
          if (in(base, x)) continue;
          ObjectState* xs = impl.state(x);
          if (xs == nullptr) xs = impl.track(t, x, Status::kPending, false);
          void* assoc = impl.create_object(impl.slot(a));
          impl.track(a, assoc, Status::kPending, true);
          auto end = [&](int rel_index, int column, const ModelDescriptor& m, void* obj) {
            if (rel_index >= 0) {
              link_one(assoc, a, rel_index, obj);
              return;
            }
            const int64_t key = m.columns[static_cast<size_t>(m.pk)].get_int(obj);
            if (key == 0) {
              raise<NotImplemented>("orm flush: \"{}\" needs many-to-one relationships to write a many-to-many row "
                                    "for a new object; flush the objects first",
                                    a.table);
            }
            a.columns[static_cast<size_t>(column)].set(assoc, Value{key});
          };
          end(local_rel, r.fk_column, d, s->obj);
          end(remote_rel, r.remote_column, t, x);
        }
        if (base != nullptr) {
          const int64_t lk = d.columns[static_cast<size_t>(d.pk)].get_int(s->obj);
          for (void* x : *base) {
            if (in(&items, x)) continue;
            const int64_t rk = t.columns[static_cast<size_t>(t.pk)].get_int(x);
            if (lk == 0 || rk == 0) continue;
            const std::string sql = fmt::format(
                "SELECT {} FROM {} WHERE {}.{} = {} AND {}.{} = {}", column_list(a, a.table), a.table, a.table,
                a.columns[static_cast<size_t>(r.fk_column)].name, sql::placeholder(dialect_, 1), a.table,
                a.columns[static_cast<size_t>(r.remote_column)].name, sql::placeholder(dialect_, 2));
            std::vector<Value> params{Value{lk}, Value{rk}};
            std::vector<ObjectState*> rows;
            {
              sql::Result res = run(sql, params);
              while (res.next()) rows.push_back(hydrate_row(impl, a, res, 0));
            }
            for (ObjectState* as : rows) {
              if (as != nullptr && as->status == Status::kPersistent) {
                as->marked_delete = true;
                impl.deletes_marked = true;
              }
            }
          }
        }
        if (base == nullptr) {
          base = &impl.m2m_base[{s, ri}];
          s->has_m2m_base = true;
        }
        *base = std::move(items);
      }
    }
  }
}

// Before a flush writes anything, one walk over every object the session tracks, and over the objects the walk
// itself adds: the save-update cascade brings in the objects related ones reach, many-to-many collections get
// their association objects, and the walk notes whether anything is to be written (one pass: each object is
// read once while it is in cache). Returns that.
bool Session::prepare_flush() {
  Impl& impl = *impl_;
  CascadeVisitor cascade(impl);
  bool work = false;
  std::vector<size_t> walked;  // per slot: how much of its list the walk has done
  for (bool more = true; more;) {
    more = false;
    for (size_t i = 0; i < impl.slots.size(); ++i) {
      if (walked.size() <= i) walked.resize(i + 1, 0);
      ModelSlot& slot = *impl.slots[i];
      for (; walked[i] < slot.list.size(); ++walked[i]) {
        more = true;
        ObjectState* s = slot.list[walked[i]];
        if (s->status == Status::kPending || (s->status == Status::kPersistent && !s->marked_delete)) {
          cascade.visit(s);
          sync_many_to_many(s);
        }
        if (!work) {
          work = s->status == Status::kPending || s->marked_delete ||
                 (s->status == Status::kPersistent && !s->expired && object_changed(impl, s));
        }
      }
    }
  }
  return work;
}

void Session::flush() {
  Impl& impl = *impl_;
  if (!prepare_flush()) return;

  // Cascade deletes through loaded (or now loaded) collections.
  for (bool changed = impl.deletes_marked; changed;) {
    changed = false;
    std::vector<ObjectState*> marked;
    for (ModelSlot* slot : impl.slots) {
      for (ObjectState* s : slot->list) {
        if (s->marked_delete && s->status == Status::kPersistent) marked.push_back(s);
      }
    }
    for (ObjectState* s : marked) {
      const ModelDescriptor& d = *s->desc;
      for (size_t ri = 0; ri < d.relationships.size(); ++ri) {
        const auto& r = d.relationships[ri];
        if (r.kind != RelationshipKind::kOneToMany || !r.cascade.has(CascadeFlag::kDelete)) continue;
        if (!s->is_loaded(ri)) load_selectin(*this, impl, d, static_cast<int>(ri), {s});
        for (size_t k = 0; k < r.size(s->obj); ++k) {
          ObjectState* c = impl.state(r.at(s->obj, k));
          if (c == nullptr) continue;
          if (c->status == Status::kPersistent && !c->marked_delete) {
            c->marked_delete = true;
            changed = true;
          } else if (c->status == Status::kPending) {
            c->status = Status::kDetached;
          }
        }
      }
    }
  }

  if (!conn_->in_transaction()) {
    ++statements_;
    conn_->begin();
  }
  const std::string sp = fmt::format("strata_flush_{}", ++impl.savepoints);
  ++statements_;
  conn_->savepoint(sp);
  std::vector<ObjectState*> inserted;
  Undo undo;  // the members this flush changed (foreign keys, defaults, versions), to put back on failure
  try {
    const auto order = impl.topo_order();
    // Each model's persistent objects, noted while its objects are walked for the INSERTs: the UPDATEs and
    // DELETEs look at these only (statuses do not change until the flush succeeds).
    std::vector<std::vector<ObjectState*>> persistent(order.size());
    for (size_t oi = 0; oi < order.size(); ++oi) {
      const ModelDescriptor* d = order[oi];
      // Foreign keys of this model's objects from their parents.
      for (const ModelDescriptor* p : impl.known) {
        for (const auto& r : p->relationships) {
          if (r.kind != RelationshipKind::kOneToMany || &r.target() != d) continue;
          for (ObjectState* ps : impl.list(p)) {
            if (ps->status == Status::kDetached || ps->marked_delete) continue;
            const ColumnDescriptor& ppk = p->columns[static_cast<size_t>(p->pk)];
            const int64_t parent_key = ppk.get_int(ps->obj);
            if (parent_key == 0) continue;
            const auto& col = d->columns[static_cast<size_t>(r.fk_column)];
            const bool unboxed = col.integral && ppk.integral;  // compare plain integers without a Value
            const Value key = unboxed ? Value{parent_key} : ppk.get(ps->obj);
            const size_t n = r.size(ps->obj);
            for (size_t k = 0; k < n; ++k) {
              void* c = r.at(ps->obj, k);
              if (unboxed ? col.get_int(c) != parent_key : !col.equals(c, key)) {
                // Only objects the session tracks may be in a collection (link() checks it).
                undo.record(d, c, static_cast<size_t>(r.fk_column));
                col.set(c, key);
              }
            }
          }
        }
      }
      std::vector<ObjectState*> pending;
      for (ObjectState* s : impl.list(d)) {
        if (s->status == Status::kDetached) continue;
        if (s->status == Status::kPending || s->status == Status::kPersistent) {
          sync_many_to_one(impl, s, [&](size_t column) { undo.record(s->desc, s->obj, column); });
        }
        if (s->status == Status::kPersistent) persistent[oi].push_back(s);
        if (s->status == Status::kPending) {
          for (size_t c = 0; c < d->columns.size(); ++c) {  // default_value() of members left at their default
            const auto& col = d->columns[c];
            if (col.needs_default == nullptr || !col.needs_default(s->obj)) continue;
            undo.record(d, s->obj, c);
            col.set_default(s->obj);
          }
          if (d->version >= 0) {  // version_id(): every new row starts at version 1
            const auto& vc = d->columns[static_cast<size_t>(d->version)];
            if (!vc.equals(s->obj, Value{int64_t{1}}) && !vc.equals(s->obj, Value{int32_t{1}})) {
              undo.record(d, s->obj, static_cast<size_t>(d->version));
              vc.set(s->obj, Value{int64_t{1}});
            }
          }
          pending.push_back(s);
        }
      }
      // The identity map and the list of inserted objects grow once for these rows (when the flush succeeds).
      if (!pending.empty()) {
        ModelSlot& slot = impl.slot(*d);
        slot.identity.reserve(slot.identity.size() + pending.size());
        inserted.reserve(inserted.size() + pending.size());
      }
      // INSERTs: consecutive objects with the same shape (key given or generated) share one statement.
      const auto& pkc = d->columns[static_cast<size_t>(d->pk)];
      size_t i = 0;
      while (i < pending.size()) {
        const bool generate = pkc.autoincrement && pkc.get_int(pending[i]->obj) == 0;
        size_t j = i;
        while (j < pending.size() && (pkc.autoincrement && pkc.get_int(pending[j]->obj) == 0) == generate) ++j;
        std::vector<size_t> cols;
        std::string names;
        for (size_t c = 0; c < d->columns.size(); ++c) {
          if (generate && static_cast<int>(c) == d->pk) continue;
          cols.push_back(c);
          if (!names.empty()) names += ", ";
          names += d->columns[c].name;
        }
        // Multi-row INSERT (... RETURNING the key when generated) in chunks; the statement text of a full
        // chunk is built once and re-used (a cached prepared statement on both databases).
        const size_t per_statement = dialect_ == Dialect::kPostgresql ? 1000 : 100;
        const size_t chunk = std::max<size_t>(1, std::min<size_t>(per_statement, 30000 / cols.size()));
        std::string sql;
        size_t sql_rows = 0;
        std::vector<Value> params;
        std::vector<int64_t> ids;
        for (size_t a = i; a < j; a += chunk) {
          const size_t n = std::min(chunk, j - a);
          if (n != sql_rows) {
            sql = fmt::format("INSERT INTO {} ({}) VALUES ", d->table, names);
            int ph = 1;
            for (size_t k = 0; k < n; ++k) {
              sql += k == 0 ? "(" : ", (";
              for (size_t c = 0; c < cols.size(); ++c) {
                if (c > 0) sql += ", ";
                sql += sql::placeholder(dialect_, ph++);
              }
              sql += ")";
            }
            if (generate) sql += " RETURNING " + pkc.name;
            sql_rows = n;
          }
          params.clear();
          params.reserve(n * cols.size());
          for (size_t k = 0; k < n; ++k) {
            const void* o = pending[a + k]->obj;
            for (size_t c : cols) params.push_back(d->columns[c].get(o));
          }
          sql::Result r = run(sql, params);
          if (generate) {
            ids.clear();
            while (r.next()) ids.push_back(r.get_int64(0));
            if (ids.size() != n) {
              raise<Error>("orm flush: INSERT ... RETURNING into \"{}\" gave {} keys for {} rows", d->table,
                           ids.size(), n);
            }
            // Rows are inserted in VALUES order, each key above the previous one; SQLite does not promise the
            // order of RETURNING rows, so keys are matched to rows in ascending order.
            if (dialect_ == Dialect::kSqlite) std::sort(ids.begin(), ids.end());
            for (size_t k = 0; k < n; ++k) pkc.set(pending[a + k]->obj, Value{ids[k]});
          }
          for (size_t k = 0; k < n; ++k) {
            pending[a + k]->pk_generated = generate;
            inserted.push_back(pending[a + k]);
          }
        }
        i = j;
      }
    }
    // UPDATEs: only the changed columns of persistent objects.
    std::vector<ObjectState*> updated;
    for (size_t oi = 0; oi < order.size(); ++oi) {
      const ModelDescriptor* d = order[oi];
      const auto& pkc = d->columns[static_cast<size_t>(d->pk)];
      for (ObjectState* s : persistent[oi]) {
        if (s->marked_delete || s->expired) continue;
        std::string sets;
        std::vector<Value> params;
        for (size_t c = 0; c < d->columns.size(); ++c) {
          if (static_cast<int>(c) == d->version) continue;  // the session's to write
          if (d->columns[c].same(s->obj, s->flushed)) continue;
          if (!sets.empty()) sets += ", ";
          params.push_back(d->columns[c].get(s->obj));
          sets += d->columns[c].name + " = " + sql::placeholder(dialect_, static_cast<int>(params.size()));
        }
        if (params.empty()) {
          // Only the version member was assigned: put the loaded value back, nothing to write.
          if (d->version >= 0) {
            const auto v = static_cast<size_t>(d->version);
            if (!d->columns[v].same(s->obj, s->flushed)) {
              undo.record(d, s->obj, v);
              d->columns[v].copy(s->obj, s->flushed);
            }
          }
          continue;
        }
        if (d->version < 0) {
          params.push_back(pkc.get(s->flushed));
          updated.push_back(s);
          run(fmt::format("UPDATE {} SET {} WHERE {} = {}", d->table, sets, pkc.name,
                          sql::placeholder(dialect_, static_cast<int>(params.size()))),
              params);
          continue;
        }
        // version_id(): SET version = loaded + 1 WHERE pk = ? AND version = loaded; no row matched = stale.
        const auto v = static_cast<size_t>(d->version);
        const auto& vc = d->columns[v];
        const int64_t expected = vc.get_int(s->flushed);
        undo.record(d, s->obj, v);
        vc.set(s->obj, Value{expected + 1});
        params.push_back(vc.get(s->obj));
        sets += ", " + vc.name + " = " + sql::placeholder(dialect_, static_cast<int>(params.size()));
        params.push_back(pkc.get(s->flushed));
        const int pk_ph = static_cast<int>(params.size());
        params.push_back(vc.get(s->flushed));
        updated.push_back(s);
        sql::Result r = run(fmt::format("UPDATE {} SET {} WHERE {} = {} AND {} = {}", d->table, sets, pkc.name,
                                        sql::placeholder(dialect_, pk_ph), vc.name,
                                        sql::placeholder(dialect_, pk_ph + 1)),
                            params);
        if (r.rows_affected() != 1) {
          throw StaleDataError(d->table, pkc.get_int(s->flushed), expected, "UPDATE");
        }
      }
    }
    // DELETEs, children first.
    std::vector<ObjectState*> deleted;
    for (size_t oi = order.size(); impl.deletes_marked && oi-- > 0;) {
      const ModelDescriptor* d = order[oi];
      const auto& pkc = d->columns[static_cast<size_t>(d->pk)];
      std::vector<std::vector<Value>> rows;
      for (ObjectState* s : persistent[oi]) {
        if (s->marked_delete) {
          if (d->version < 0) {
            rows.push_back({pkc.get(s->flushed)});
          } else {
            rows.push_back({pkc.get(s->flushed), d->columns[static_cast<size_t>(d->version)].get(s->flushed)});
          }
          deleted.push_back(s);
        }
      }
      if (rows.empty()) continue;
      statements_ += static_cast<int64_t>(rows.size());
      if (d->version < 0) {
        conn_->execute_batch(
            fmt::format("DELETE FROM {} WHERE {} = {}", d->table, pkc.name, sql::placeholder(dialect_, 1)), rows);
        continue;
      }
      const std::vector<int64_t> counts = conn_->execute_batch(
          fmt::format("DELETE FROM {} WHERE {} = {} AND {} = {}", d->table, pkc.name, sql::placeholder(dialect_, 1),
                      d->columns[static_cast<size_t>(d->version)].name, sql::placeholder(dialect_, 2)),
          rows);
      for (size_t k = 0; k < rows.size(); ++k) {
        if (k >= counts.size() || counts[k] != 1) {
          throw StaleDataError(d->table, as_int(rows[k][0]), as_int(rows[k][1]), "DELETE");
        }
      }
    }
    ++statements_;
    conn_->release_savepoint(sp);
    // Success: record the new database state.
    for (ObjectState* s : inserted) {
      s->status = Status::kPersistent;
      s->inserted_in_tx = true;
      impl.note_in_tx(s);
      s->flushed = impl.snapshot(*s->desc, s->obj, s->flushed);
      impl.release_snapshot(*s->desc, s->committed);
      impl.identity(*s->desc).put(static_cast<uint64_t>(impl.flushed_key(s)), s, true);
    }
    for (ObjectState* s : updated) {
      // Keep the committed values for rollback (objects inserted in this transaction have none).
      if (s->committed == nullptr && !s->inserted_in_tx) {
        s->committed = s->flushed;
        s->flushed = nullptr;
      }
      s->flushed = impl.snapshot(*s->desc, s->obj, s->flushed);
      impl.note_in_tx(s);
    }
    impl.deletes_marked = false;  // every marked object was deleted
    for (ObjectState* s : deleted) {
      s->status = Status::kDeleted;
      s->deleted_in_tx = true;
      impl.note_in_tx(s);
      s->marked_delete = false;
      impl.identity(*s->desc).erase(static_cast<uint64_t>(impl.flushed_key(s)));
    }
  } catch (...) {
    // Nothing of this flush stays: roll the savepoint back and put the objects as they were.
    try {
      ++statements_;
      conn_->rollback_to_savepoint(sp);
      conn_->release_savepoint(sp);
    } catch (const sql::DatabaseError&) {
      // The connection is gone; the caller sees the original error and rolls back.
    }
    for (ObjectState* s : inserted) {
      if (s->pk_generated) s->desc->columns[static_cast<size_t>(s->desc->pk)].set(s->obj, Value{int64_t{0}});
      s->pk_generated = false;
    }
    undo.restore();
    throw;
  }
}

void Session::commit() {
  flush();
  if (conn_->in_transaction()) {
    ++statements_;
    conn_->commit();
  }
  Impl& impl = *impl_;
  for (ObjectState* s : impl.in_tx) {
    if (s->committed != nullptr) impl.release_snapshot(*s->desc, s->committed);
    Impl::commit_state(s);
  }
  impl.in_tx.clear();
}

void Session::Impl::commit_state(ObjectState* s) {
  if (s->status == Status::kDeleted) s->status = Status::kDetached;
  s->inserted_in_tx = false;
  s->deleted_in_tx = false;
  s->pk_generated = false;
  s->in_tx = false;
}

void Session::rollback() {
  if (conn_->in_transaction()) {
    try {
      ++statements_;
      conn_->rollback();
    } catch (const sql::DatabaseError&) {
      // A lost connection has no transaction left to roll back; the objects are restored below all the same.
    }
  }
  Impl& impl = *impl_;
  for (ModelSlot* slot : impl.slots) {
    for (ObjectState* s : slot->list) {
      const ModelDescriptor& d = *s->desc;
      s->marked_delete = false;
      if (s->inserted_in_tx) {
        slot->identity.erase(static_cast<uint64_t>(impl.flushed_key(s)));
        if (s->pk_generated) d.columns[static_cast<size_t>(d.pk)].set(s->obj, Value{int64_t{0}});
        if (s->status != Status::kDetached) s->status = Status::kPending;
        impl.release_snapshot(d, s->flushed);
        impl.release_snapshot(d, s->committed);
      } else if (s->status == Status::kPersistent || s->deleted_in_tx) {
        if (s->committed != nullptr) {
          impl.release_snapshot(d, s->flushed);
          s->flushed = s->committed;
          s->committed = nullptr;
        }
        for (const auto& c : d.columns) {
          if (!c.same(s->obj, s->flushed)) c.copy(s->obj, s->flushed);
        }
        s->status = Status::kPersistent;
        slot->identity.put(static_cast<uint64_t>(impl.flushed_key(s)), s, true);
        s->loaded = 0;  // loaded again on the next read (what is in memory stays, the load adds the database's)
        Impl::arm(*slot, s);
      }
      s->inserted_in_tx = false;
      s->deleted_in_tx = false;
      s->pk_generated = false;
      s->in_tx = false;
    }
  }
  impl.in_tx.clear();
  impl.deletes_marked = false;  // every mark was cleared above
}

}  // namespace strata::orm
