// The Session's unit of work, identity map and relationship loading over type-erased model descriptors.
#include "strata/orm/session.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <unordered_set>

#include <fmt/format.h>

#include "strata/sql/error.h"

namespace strata::orm {

enum class Status { kPending, kPersistent, kDeleted, kDetached };

struct ObjectState {
  const ModelDescriptor* desc = nullptr;
  void* obj = nullptr;
  Status status = Status::kPending;
  bool marked_delete = false;
  bool pk_generated = false;   // the key was assigned by an INSERT of the open transaction
  bool inserted_in_tx = false;
  bool deleted_in_tx = false;
  bool expired = false;
  std::vector<Value> flushed;    // column values as the database has them in the open transaction
  std::vector<Value> committed;  // column values as last committed, when they differ from `flushed` (else empty)
  std::vector<uint8_t> loaded;   // per relationship: loaded from the database (or created here)
  uint64_t seen_in = 0;          // the query (Impl::query_epoch) that last returned this object
  bool fresh = false;            // ... and whether that query loads its joined relationship
};

namespace {
struct IdentityKey {
  const ModelDescriptor* desc;
  int64_t id;
  bool operator==(const IdentityKey&) const = default;
};
struct IdentityHash {
  size_t operator()(const IdentityKey& k) const {
    // Consecutive keys of one model land in consecutive buckets: loads and inserts walk memory in order.
    return std::hash<const void*>()(k.desc) * 31 + static_cast<size_t>(k.id);
  }
};

int64_t as_int(const Value& v) {
  if (auto* p = std::get_if<int32_t>(&v)) return *p;
  if (auto* p = std::get_if<int64_t>(&v)) return *p;
  if (auto* p = std::get_if<double>(&v)) return static_cast<int64_t>(*p);
  return 0;
}

std::vector<Value> snapshot(const ModelDescriptor& d, const void* o) {
  std::vector<Value> v;
  v.reserve(d.columns.size());
  for (const auto& c : d.columns) v.push_back(c.get(o));
  return v;
}
}  // namespace

struct Session::Impl {
  std::unordered_map<const void*, std::unique_ptr<ObjectState>> states;
  std::unordered_map<const ModelDescriptor*, std::vector<ObjectState*>> by_type;  // in add/load order
  std::unordered_map<IdentityKey, ObjectState*, IdentityHash> identity;
  std::vector<const ModelDescriptor*> known;  // every descriptor seen
  int savepoints = 0;
  uint64_t query_epoch = 0;

  static void commit_state(ObjectState* s);

  ObjectState* state(const void* o) {
    auto it = states.find(o);
    return it == states.end() ? nullptr : it->second.get();
  }
  ObjectState& require(const void* o) {
    ObjectState* s = state(o);
    if (s == nullptr) raise<InvalidArgument>("orm::Session: the object is not in this session (add it first)");
    return *s;
  }
  void know(const ModelDescriptor* d) {
    if (std::find(known.begin(), known.end(), d) != known.end()) return;
    known.push_back(d);
    for (const auto& c : d->columns) {
      if (c.fk_target) know(&c.fk_target());
    }
    for (const auto& r : d->relationships) {
      know(&r.target());
      if (r.association) know(&r.association());
    }
  }
  ObjectState* track(const ModelDescriptor& d, void* o, Status status) {
    if (known.empty() || known.back() != &d) know(&d);
    auto s = std::make_unique<ObjectState>();
    s->desc = &d;
    s->obj = o;
    s->status = status;
    s->loaded.assign(d.relationships.size(), status == Status::kPending ? 1 : 0);
    ObjectState* p = s.get();
    if (!states.try_emplace(o, std::move(s)).second) return nullptr;  // already tracked
    by_type[&d].push_back(p);
    return p;
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
    : conn_(&connection), dialect_(connection.dialect()), impl_(std::make_unique<Impl>()) {}

Session::~Session() {
  for (auto& [d, list] : impl_->by_type) {  // in creation order: kinder to the allocator than hash order
    for (ObjectState* s : list) d->destroy(s->obj);
  }
}

size_t Session::size() const { return impl_->states.size(); }
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

void Session::add_erased(const ModelDescriptor& d, void* object) { impl_->track(d, object, Status::kPending); }

void Session::remove_erased(void* object) {
  ObjectState& s = impl_->require(object);
  if (s.status == Status::kPending) {
    s.status = Status::kDetached;
  } else if (s.status == Status::kPersistent) {
    s.marked_delete = true;
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
  auto it = impl.identity.find(IdentityKey{&d, id});
  if (it != impl.identity.end()) {
    ObjectState* s = it->second;
    if (s->expired) {
      for (size_t i = 0; i < d.columns.size(); ++i) d.columns[i].read(s->obj, r, offset + static_cast<int>(i));
      s->flushed = snapshot(d, s->obj);
      s->committed.clear();
      s->expired = false;
    }
    return s;
  }
  void* o = d.create();
  for (size_t i = 0; i < d.columns.size(); ++i) d.columns[i].read(o, r, offset + static_cast<int>(i));
  ObjectState* s = impl.track(d, o, Status::kPersistent);
  s->flushed = snapshot(d, o);
  impl.identity.emplace(IdentityKey{&d, id}, s);
  return s;
}

void* Session::get_erased(const ModelDescriptor& d, int64_t id) {
  auto it = impl_->identity.find(IdentityKey{&d, id});
  if (it != impl_->identity.end() && !it->second->expired && it->second->status == Status::kPersistent) {
    return it->second->obj;
  }
  flush();
  std::string sql = fmt::format("SELECT {} FROM {} WHERE {}.{} = {}", column_list(d, d.table), d.table, d.table,
                                d.columns[d.pk].name, sql::placeholder(dialect_, 1));
  std::vector<Value> params{Value{id}};
  sql::Result r = run(sql, params);
  if (!r.next()) return nullptr;
  ObjectState* s = hydrate_row(*impl_, d, r, 0);
  return s->status == Status::kPersistent ? s->obj : nullptr;
}

void Session::expire_erased(void* object) { impl_->require(object).expired = true; }

void Session::refresh_erased(void* object) {
  ObjectState& s = impl_->require(object);
  if (s.status != Status::kPersistent) raise<InvalidArgument>("refresh(): the object is not persistent");
  s.expired = true;
  const ModelDescriptor& d = *s.desc;
  get_erased(d, as_int(d.columns[d.pk].get(object)));
}

// -------------------------------------------------------------------------------------- relationships
void Session::link_many(void* parent, const ModelDescriptor& d, int rel, void* child) {
  const RelationshipDescriptor& r = d.relationships[static_cast<size_t>(rel)];
  impl_->require(parent);
  impl_->require(child);
  if (r.kind == RelationshipKind::kOneToMany && r.back >= 0) {
    const RelationshipDescriptor& back = r.target().relationships[static_cast<size_t>(r.back)];
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
}

void Session::unlink_many(void* parent, const ModelDescriptor& d, int rel, void* child) {
  const RelationshipDescriptor& r = d.relationships[static_cast<size_t>(rel)];
  if (!r.erase(parent, child)) return;
  if (r.kind == RelationshipKind::kOneToMany && r.back >= 0) {
    const RelationshipDescriptor& back = r.target().relationships[static_cast<size_t>(r.back)];
    if (back.get_one(child) == parent) back.set_one(child, nullptr);
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
    if (s->status == Status::kPersistent && !s->loaded[static_cast<size_t>(rel)]) todo.push_back(s);
  }
  if (r.kind == RelationshipKind::kManyToOne) {
    std::map<int64_t, std::vector<ObjectState*>> by_key;
    for (ObjectState* s : todo) {
      int64_t k = as_int(d.columns[static_cast<size_t>(r.fk_column)].get(s->obj));
      auto it = impl.identity.find(IdentityKey{&t, k});
      if (it != impl.identity.end() && !it->second->expired) {
        r.set_one(s->obj, it->second->obj);
        s->loaded[static_cast<size_t>(rel)] = 1;
      } else {
        by_key[k].push_back(s);
      }
    }
    std::vector<int64_t> keys;
    for (auto& [k, v] : by_key) keys.push_back(k);
    for (size_t i = 0; i < keys.size(); i += kInChunk) {
      size_t n = std::min(kInChunk, keys.size() - i);
      std::vector<Value> params;
      for (size_t j = 0; j < n; ++j) params.push_back(Value{keys[i + j]});
      std::string sql = fmt::format("SELECT {} FROM {} WHERE {}.{} IN ({})", column_list(t, t.table), t.table,
                                    t.table, t.columns[static_cast<size_t>(t.pk)].name, in_list(dialect, n, 1));
      sql::Result res = session.run(sql, params);
      while (res.next()) {
        ObjectState* target = hydrate_row(impl, t, res, 0);
        for (ObjectState* s : by_key[as_int(t.columns[static_cast<size_t>(t.pk)].get(target->obj))]) {
          r.set_one(s->obj, target->obj);
        }
      }
    }
    for (ObjectState* s : todo) s->loaded[static_cast<size_t>(rel)] = 1;
    return;
  }
  std::map<int64_t, ObjectState*> by_key;
  for (ObjectState* s : todo) by_key[as_int(d.columns[static_cast<size_t>(d.pk)].get(s->obj))] = s;
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
      if (back != nullptr) back->set_one(child->obj, parent->obj);
    }
  }
  for (ObjectState* s : todo) s->loaded[static_cast<size_t>(rel)] = 1;
}

void Session::load_relationship(void* object, const ModelDescriptor& d, int rel) {
  ObjectState& s = impl_->require(object);
  if (s.loaded[static_cast<size_t>(rel)]) return;
  if (s.status != Status::kPersistent) return;
  flush();
  load_selectin(*this, *impl_, d, rel, {&s});
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
  const uint64_t epoch = ++impl_->query_epoch;
  auto first_time = [epoch](ObjectState* s) {
    if (s->seen_in == epoch) return false;
    s->seen_in = epoch;
    s->fresh = false;
    return true;
  };
  if (join == nullptr) {
    sql::Result r = run(q.sql, q.params);
    while (r.next()) {
      ObjectState* s = hydrate_row(*impl_, d, r, 0);
      if (s != nullptr && first_time(s)) found.push_back(s);
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
    const size_t ri = static_cast<size_t>(join->relationship);
    const int offset = static_cast<int>(d.columns.size());
    const RelationshipDescriptor* back =
        rel.kind == RelationshipKind::kOneToMany && rel.back >= 0 ? &t.relationships[static_cast<size_t>(rel.back)]
                                                                 : nullptr;
    while (r.next()) {
      ObjectState* s = hydrate_row(*impl_, d, r, 0);
      if (s == nullptr) continue;
      if (first_time(s)) {
        found.push_back(s);
        s->fresh = !s->loaded[ri];  // this query loads its relationship
      }
      if (!s->fresh) continue;
      ObjectState* child = hydrate_row(*impl_, t, r, offset);
      if (child == nullptr) continue;
      if (rel.kind == RelationshipKind::kManyToOne) {
        rel.set_one(s->obj, child->obj);
      } else if (!rel.contains(s->obj, child->obj)) {
        rel.push(s->obj, child->obj);
        if (back != nullptr) back->set_one(child->obj, s->obj);
      }
    }
    for (ObjectState* s : found) {
      if (s->fresh) s->loaded[ri] = 1;
    }
  }
  for (const LoadOption& o : options) {
    if (o.strategy == LoadOption::Strategy::kSelectin) load_selectin(*this, *impl_, d, o.relationship, found);
  }
  std::vector<void*> out;
  out.reserve(found.size());
  for (ObjectState* s : found) {
    if (s->status == Status::kPersistent && !s->marked_delete) out.push_back(s->obj);
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
    const Value key = r.target().columns[static_cast<size_t>(r.target().pk)].get(target);
    if (as_int(key) == 0) {
      // Inserted before this model (dependency order) unless it is not in the session or was removed.
      ObjectState* ts = impl.state(target);
      if (ts == nullptr) raise<InvalidArgument>("orm flush: a related {} object is not in the session", r.target().table);
      raise<InvalidArgument>("orm flush: a {} object refers to a removed {} object", d.table, r.target().table);
    }
    const auto& col = d.columns[static_cast<size_t>(r.fk_column)];
    if (!col.equals(s->obj, key)) {
      on_change(static_cast<size_t>(r.fk_column), col.get(s->obj));
      col.set(s->obj, key);
    }
  }
}
}  // namespace

void Session::flush() {
  Impl& impl = *impl_;
  // Anything to do?
  bool work = false;
  for (auto& [d, list] : impl.by_type) {
    for (ObjectState* s : list) {
      if (s->status == Status::kPending || s->marked_delete) {
        work = true;
        break;
      }
      if (s->status == Status::kPersistent && !s->expired) {
        const auto& cols = d->columns;
        for (size_t i = 0; i < cols.size() && !work; ++i) work = !cols[i].equals(s->obj, s->flushed[i]);
        if (!work) {
          for (const auto& r : d->relationships) {
            if (r.kind == RelationshipKind::kManyToOne && r.get_one(s->obj) != nullptr) {
              const ModelDescriptor& t = r.target();
              work = !(t.columns[static_cast<size_t>(t.pk)].get(r.get_one(s->obj)) ==
                       s->flushed[static_cast<size_t>(r.fk_column)]);
            } else if (r.kind == RelationshipKind::kOneToMany) {
              for (size_t k = 0; k < r.size(s->obj) && !work; ++k) {
                ObjectState* c = impl.state(r.at(s->obj, k));
                work = c == nullptr || c->status == Status::kPending;
              }
            }
            if (work) break;
          }
        }
      }
      if (work) break;
    }
    if (work) break;
  }
  if (!work) return;

  // Cascade deletes through loaded (or now loaded) collections.
  for (bool changed = true; changed;) {
    changed = false;
    std::vector<ObjectState*> marked;
    for (auto& [d, list] : impl.by_type) {
      for (ObjectState* s : list) {
        if (s->marked_delete && s->status == Status::kPersistent) marked.push_back(s);
      }
    }
    for (ObjectState* s : marked) {
      const ModelDescriptor& d = *s->desc;
      for (size_t ri = 0; ri < d.relationships.size(); ++ri) {
        const auto& r = d.relationships[ri];
        if (r.kind != RelationshipKind::kOneToMany || !r.cascade.has(CascadeFlag::kDelete)) continue;
        if (!s->loaded[ri]) load_selectin(*this, impl, d, static_cast<int>(ri), {s});
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
  struct FkChange {
    const ModelDescriptor* desc;
    void* obj;
    size_t column;
    Value before;
  };
  std::vector<FkChange> fk_before;  // foreign keys the sync changed, to undo on failure
  try {
    const auto order = impl.topo_order();
    for (const ModelDescriptor* d : order) {
      // Foreign keys of this model's objects from their parents.
      for (const ModelDescriptor* p : impl.known) {
        for (const auto& r : p->relationships) {
          if (r.kind != RelationshipKind::kOneToMany || &r.target() != d) continue;
          for (ObjectState* ps : impl.by_type[p]) {
            if (ps->status == Status::kDetached || ps->marked_delete) continue;
            const Value key = p->columns[static_cast<size_t>(p->pk)].get(ps->obj);
            if (as_int(key) == 0) continue;
            const auto& col = d->columns[static_cast<size_t>(r.fk_column)];
            const size_t n = r.size(ps->obj);
            for (size_t k = 0; k < n; ++k) {
              void* c = r.at(ps->obj, k);
              if (!col.equals(c, key)) {
                // Only objects the session tracks may be in a collection (link() checks it).
                fk_before.push_back(FkChange{d, c, static_cast<size_t>(r.fk_column), col.get(c)});
                col.set(c, key);
              }
            }
          }
        }
      }
      std::vector<ObjectState*> pending;
      for (ObjectState* s : impl.by_type[d]) {
        if (s->status == Status::kDetached) continue;
        if (s->status == Status::kPending || s->status == Status::kPersistent) {
          sync_many_to_one(impl, s, [&](size_t column, Value before) {
            fk_before.push_back(FkChange{s->desc, s->obj, column, std::move(before)});
          });
        }
        if (s->status == Status::kPending) {
          if (d->version >= 0) {  // version_id(): every new row starts at version 1
            const auto& vc = d->columns[static_cast<size_t>(d->version)];
            if (!vc.equals(s->obj, Value{int64_t{1}}) && !vc.equals(s->obj, Value{int32_t{1}})) {
              fk_before.push_back(FkChange{d, s->obj, static_cast<size_t>(d->version), vc.get(s->obj)});
              vc.set(s->obj, Value{int64_t{1}});
            }
          }
          pending.push_back(s);
        }
      }
      // INSERTs: consecutive objects with the same shape (key given or generated) share one statement.
      const auto& pkc = d->columns[static_cast<size_t>(d->pk)];
      size_t i = 0;
      while (i < pending.size()) {
        const bool generate = pkc.autoincrement && as_int(pkc.get(pending[i]->obj)) == 0;
        size_t j = i;
        while (j < pending.size() && (pkc.autoincrement && as_int(pkc.get(pending[j]->obj)) == 0) == generate) ++j;
        std::vector<size_t> cols;
        std::string names;
        for (size_t c = 0; c < d->columns.size(); ++c) {
          if (generate && static_cast<int>(c) == d->pk) continue;
          cols.push_back(c);
          if (!names.empty()) names += ", ";
          names += d->columns[c].name;
        }
        if (dialect_ == Dialect::kPostgresql) {
          const size_t chunk = std::max<size_t>(1, std::min<size_t>(1000, 30000 / cols.size()));
          for (size_t a = i; a < j; a += chunk) {
            const size_t n = std::min(chunk, j - a);
            std::string sql = fmt::format("INSERT INTO {} ({}) VALUES ", d->table, names);
            std::vector<Value> params;
            params.reserve(n * cols.size());
            int ph = 1;
            for (size_t k = 0; k < n; ++k) {
              sql += k == 0 ? "(" : ", (";
              for (size_t c = 0; c < cols.size(); ++c) {
                if (c > 0) sql += ", ";
                sql += sql::placeholder(dialect_, ph++);
                params.push_back(d->columns[cols[c]].get(pending[a + k]->obj));
              }
              sql += ")";
            }
            if (generate) sql += " RETURNING " + pkc.name;
            sql::Result r = run(sql, params);
            if (generate) {
              for (size_t k = 0; k < n; ++k) {
                if (!r.next()) raise<Error>("orm flush: INSERT ... RETURNING gave fewer rows than inserted");
                pkc.set(pending[a + k]->obj, Value{r.get_int64(0)});
              }
            }
            for (size_t k = 0; k < n; ++k) {
              pending[a + k]->pk_generated = generate;
              inserted.push_back(pending[a + k]);
            }
          }
        } else {
          std::string sql = fmt::format("INSERT INTO {} ({}) VALUES ({})", d->table, names,
                                        in_list(dialect_, cols.size(), 1));
          std::vector<Value> params(cols.size());
          for (size_t k = i; k < j; ++k) {
            for (size_t c = 0; c < cols.size(); ++c) params[c] = d->columns[cols[c]].get(pending[k]->obj);
            run(sql, params);
            if (generate) pkc.set(pending[k]->obj, Value{conn_->last_insert_id()});
            pending[k]->pk_generated = generate;
            inserted.push_back(pending[k]);
          }
        }
        i = j;
      }
    }
    // UPDATEs: only the changed columns of persistent objects.
    std::vector<ObjectState*> updated;
    for (const ModelDescriptor* d : order) {
      const auto& pkc = d->columns[static_cast<size_t>(d->pk)];
      for (ObjectState* s : impl.by_type[d]) {
        if (s->status != Status::kPersistent || s->marked_delete || s->expired) continue;
        std::string sets;
        std::vector<Value> params;
        for (size_t c = 0; c < d->columns.size(); ++c) {
          if (static_cast<int>(c) == d->version) continue;  // the session's to write
          if (d->columns[c].equals(s->obj, s->flushed[c])) continue;
          if (!sets.empty()) sets += ", ";
          params.push_back(d->columns[c].get(s->obj));
          sets += d->columns[c].name + " = " + sql::placeholder(dialect_, static_cast<int>(params.size()));
        }
        if (params.empty()) {
          // Only the version member was assigned: put the loaded value back, nothing to write.
          if (d->version >= 0) {
            const auto v = static_cast<size_t>(d->version);
            if (!d->columns[v].equals(s->obj, s->flushed[v])) {
              fk_before.push_back(FkChange{d, s->obj, v, d->columns[v].get(s->obj)});
              d->columns[v].set(s->obj, s->flushed[v]);
            }
          }
          continue;
        }
        if (d->version < 0) {
          params.push_back(s->flushed[static_cast<size_t>(d->pk)]);
          updated.push_back(s);
          run(fmt::format("UPDATE {} SET {} WHERE {} = {}", d->table, sets, pkc.name,
                          sql::placeholder(dialect_, static_cast<int>(params.size()))),
              params);
          continue;
        }
        // version_id(): SET version = loaded + 1 WHERE pk = ? AND version = loaded; no row matched = stale.
        const auto v = static_cast<size_t>(d->version);
        const auto& vc = d->columns[v];
        const int64_t expected = as_int(s->flushed[v]);
        fk_before.push_back(FkChange{d, s->obj, v, vc.get(s->obj)});
        vc.set(s->obj, Value{expected + 1});
        params.push_back(vc.get(s->obj));
        sets += ", " + vc.name + " = " + sql::placeholder(dialect_, static_cast<int>(params.size()));
        params.push_back(s->flushed[static_cast<size_t>(d->pk)]);
        const int pk_ph = static_cast<int>(params.size());
        params.push_back(s->flushed[v]);
        updated.push_back(s);
        sql::Result r = run(fmt::format("UPDATE {} SET {} WHERE {} = {} AND {} = {}", d->table, sets, pkc.name,
                                        sql::placeholder(dialect_, pk_ph), vc.name,
                                        sql::placeholder(dialect_, pk_ph + 1)),
                            params);
        if (r.rows_affected() != 1) {
          throw StaleDataError(d->table, as_int(s->flushed[static_cast<size_t>(d->pk)]), expected, "UPDATE");
        }
      }
    }
    // DELETEs, children first.
    std::vector<ObjectState*> deleted;
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
      const ModelDescriptor* d = *it;
      const auto& pkc = d->columns[static_cast<size_t>(d->pk)];
      std::vector<std::vector<Value>> rows;
      for (ObjectState* s : impl.by_type[d]) {
        if (s->status == Status::kPersistent && s->marked_delete) {
          if (d->version < 0) {
            rows.push_back({s->flushed[static_cast<size_t>(d->pk)]});
          } else {
            rows.push_back({s->flushed[static_cast<size_t>(d->pk)], s->flushed[static_cast<size_t>(d->version)]});
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
    impl.identity.reserve(impl.identity.size() + inserted.size());
    for (ObjectState* s : inserted) {
      s->status = Status::kPersistent;
      s->inserted_in_tx = true;
      s->flushed = snapshot(*s->desc, s->obj);
      s->committed.clear();
      impl.identity[IdentityKey{s->desc, as_int(s->flushed[static_cast<size_t>(s->desc->pk)])}] = s;
    }
    for (ObjectState* s : updated) {
      // Keep the committed values for rollback (objects inserted in this transaction have none).
      if (s->committed.empty() && !s->inserted_in_tx) s->committed = s->flushed;
      s->flushed = snapshot(*s->desc, s->obj);
    }
    for (ObjectState* s : deleted) {
      s->status = Status::kDeleted;
      s->deleted_in_tx = true;
      s->marked_delete = false;
      impl.identity.erase(IdentityKey{s->desc, as_int(s->flushed[static_cast<size_t>(s->desc->pk)])});
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
    for (auto it = fk_before.rbegin(); it != fk_before.rend(); ++it) {
      it->desc->columns[it->column].set(it->obj, it->before);
    }
    throw;
  }
}

void Session::commit() {
  flush();
  if (conn_->in_transaction()) {
    ++statements_;
    conn_->commit();
  }
  for (auto& [d, list] : impl_->by_type) {
    for (ObjectState* s : list) Impl::commit_state(s);
  }
}

void Session::Impl::commit_state(ObjectState* s) {
  {
    s->committed.clear();
    if (s->status == Status::kDeleted) s->status = Status::kDetached;
    s->inserted_in_tx = false;
    s->deleted_in_tx = false;
    s->pk_generated = false;
  }
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
  for (auto& [o, sp] : impl.states) {
    ObjectState* s = sp.get();
    const ModelDescriptor& d = *s->desc;
    s->marked_delete = false;
    if (s->inserted_in_tx) {
      impl.identity.erase(IdentityKey{&d, as_int(s->flushed[static_cast<size_t>(d.pk)])});
      if (s->pk_generated) d.columns[static_cast<size_t>(d.pk)].set(s->obj, Value{int64_t{0}});
      if (s->status != Status::kDetached) s->status = Status::kPending;
      s->flushed.clear();
      s->committed.clear();
    } else if (s->status == Status::kPersistent || s->deleted_in_tx) {
      if (!s->committed.empty()) s->flushed = std::move(s->committed);
      s->committed.clear();
      for (size_t c = 0; c < d.columns.size(); ++c) {
        if (!d.columns[c].equals(s->obj, s->flushed[c])) d.columns[c].set(s->obj, s->flushed[c]);
      }
      s->status = Status::kPersistent;
      impl.identity[IdentityKey{&d, as_int(s->flushed[static_cast<size_t>(d.pk)])}] = s;
      std::fill(s->loaded.begin(), s->loaded.end(), 0);
    }
    s->inserted_in_tx = false;
    s->deleted_in_tx = false;
    s->pk_generated = false;
  }
}

}  // namespace strata::orm
