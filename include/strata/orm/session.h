// The Session: a unit of work over one sql::Connection, with an identity map.
//
//   orm::Session s(*conn);
//   Department* d = s.add(Department{.name = "Research"});      // the session owns the object
//   Employee* e = s.add(Employee{.first_name = "Ada", ...});
//   s.link(d, &Department::employees, e);       // both sides in memory: d->employees has e, e->department is d
//   s.commit();                                 // flush: INSERTs in foreign-key order, ids assigned back; COMMIT
//   Department* same = s.get<Department>(d->id);                 // == d (identity map)
//   std::vector<Employee*> rich = s.execute(select<Employee>().where(col(&Employee::salary) > 1e5),
//                                           joined(&Employee::department));   // or selectin(...)
//   Many<Employee>& staff = s.load(d, &Department::employees);   // lazy load (once) inside the session
//   for (auto [name, n] : s.execute(select(col(&Department::name), count(&Employee::id)).join<Employee>()...))
//
// Objects: add() moves an object into the session, which owns it until the session is destroyed; pointers stay
// valid that long (also after delete, commit or rollback). One object per (model, primary key) per session.
// Flush (before queries, get, commit): pending deletes cascade (relationships with cascade delete; collections
// not yet loaded are loaded first); foreign keys are copied from the related objects (a One<> target's key, a
// parent collection's key); INSERTs run in foreign-key dependency order (PostgreSQL: multi-row INSERT ...
// RETURNING in chunks; SQLite: one cached prepared statement re-bound per row, ids from last_insert_rowid);
// then one UPDATE per changed object naming only the changed columns; then DELETEs in reverse dependency
// order. A flush runs inside a savepoint: when a statement fails, the savepoint is rolled back, the objects are
// as before the flush (generated ids cleared) and the error (sql::IntegrityError, ...) propagates.
// Models with a version_id() column (mapping.h) are written under optimistic concurrency: INSERT sets the
// version to 1, UPDATE sets it to loaded + 1 WHERE the key and the loaded version match, DELETE checks the
// loaded version; a statement that matches no row fails the flush with StaleDataError (below).
// commit() flushes and commits; rollback() rolls the transaction back and restores every object's columns to
// their last committed (or loaded) values: objects inserted in the transaction become pending again, deleted
// ones persistent again, and loaded collections are marked for re-loading.
// Relationship loading: on access (reading an unloaded One<>/Many<> of an object the session read runs load()'s
// SELECT once; mapping.h) or load(obj, &M::rel) (the first load() reads it, later ones return what is in memory;
// copies of objects are detached: reading what was not loaded raises DetachedInstanceError); per query,
// selectin(&M::rel) (one SELECT ... WHERE key IN (...) per 500 parents) or joined(&M::rel) (LEFT OUTER JOIN;
// many-to-one and one-to-many). Many-to-many collections load through the association table and are writable:
// at flush, a target appended to the collection gets a new association object (linked to both ends through the
// association model's many-to-one relationships), a target removed from it has its association rows deleted.
// Cascades: at flush, objects reachable from the session's objects through a relationship with the save-update
// cascade (the default) join the session as pending objects where they are: the session does not own them, the
// program keeps them alive as long as the session.
// default_value(v): at INSERT, a member that equals what a default-constructed object of the model holds (its
// initialiser, else T{}: 0, "", std::nullopt) is set to v; so an explicit value equal to that is replaced too.
// Limits: integer primary keys only; one level of eager loading per option (no chained paths); expire() marks
// an object so that the next query or get() that reads its row overwrites its columns, refresh() reads it now.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "strata/orm/compiler.h"
#include "strata/orm/mapping.h"
#include "strata/orm/result.h"
#include "strata/orm/select.h"
#include "strata/sql/connection.h"

namespace strata::orm {

// ------------------------------------------------------------------------ type-erased model descriptor
// One descriptor per mapped model, built once from its constexpr mapping: per column plain function pointers
// (no captured state, no boxing on the typed paths) instantiated with the member pointer as a constant.
struct ModelDescriptor;
using DescriptorFn = const ModelDescriptor& (*)();

struct ColumnDescriptor {
  std::string name;
  bool primary_key = false;
  bool autoincrement = false;
  DescriptorFn fk_target = nullptr;  // the model a foreign key on this column refers to
  Value (*get)(const void*) = nullptr;
  void (*set)(void*, const Value&) = nullptr;
  void (*read)(void*, const sql::Result&, int) = nullptr;
  bool (*equals)(const void*, const Value&) = nullptr;  // the member holds `value` (no copy made)
  bool (*same)(const void*, const void*) = nullptr;     // two objects of the model hold equal values
  void (*copy)(void*, const void*) = nullptr;           // dst's member = src's member
  int64_t (*get_int)(const void*) = nullptr;            // integer members (keys): the value, NULL as 0
  bool nullable = false;  // std::optional member
  bool integral = false;  // integer member (not optional, not bool): get_int() is exact
  // default_value(v): the member equals what a default-constructed object holds, and differs from v.
  bool (*needs_default)(const void*) = nullptr;
  void (*set_default)(void*) = nullptr;  // member = v
};

struct RelationshipDescriptor {
  RelationshipKind kind = RelationshipKind::kManyToOne;
  Cascade cascade;
  DescriptorFn target = nullptr;
  DescriptorFn association = nullptr;  // many-to-many
  int fk_column = -1;      // many-to-one: this model's fk column; one-to-many: the target's; m2m: association's
  int remote_column = -1;  // many-to-many: the association's column referring to the target
  int back = -1;           // back_populates: index of the other side in the target's relationships
  // The One<>/Many<> member: its offset in the model's object, the offset of its loader pointer (mapping.h), and
  // the loader that copies of a member not loaded get (raises DetachedInstanceError when read).
  ptrdiff_t member_offset = 0;
  ptrdiff_t loader_offset = 0;
  detail::RelationshipLoader detached_loader;
  // Raw access to the member (never loads). many-to-one:
  void* (*get_one)(const void*) = nullptr;
  void (*set_one)(void*, void*) = nullptr;
  // one-to-many, many-to-many
  size_t (*size)(const void*) = nullptr;
  void* (*at)(const void*, size_t) = nullptr;
  void (*push)(void*, void*) = nullptr;
  bool (*erase)(void*, void*) = nullptr;  // false when not there
  bool (*contains)(const void*, const void*) = nullptr;
  void (*clear)(void*) = nullptr;
};

struct ModelDescriptor {
  std::string table;
  std::vector<ColumnDescriptor> columns;
  int pk = -1;
  int version = -1;  // the version_id() column, -1 when the model has none
  std::vector<RelationshipDescriptor> relationships;
  size_t index = 0;  // a small number unique to this model in the process (sessions index by it)
  size_t size = 0, align = 0;
  void (*construct)(void*) = nullptr;  // placement-new M()
  void (*destruct)(void*) = nullptr;
  // placement-new M(src) when M is copy-constructible (a snapshot of a freshly loaded object in one step: its
  // relationship members are empty then), else nullptr.
  void (*copy_construct)(void*, const void*) = nullptr;
  // Every column at once (one indirect call per object instead of one per column, the members' code inlined):
  // read the columns from row `r` at columns offset.., compare two objects' columns, copy them from `src`.
  void (*read_columns)(void*, const sql::Result&, int) = nullptr;
  bool (*columns_same)(const void*, const void*) = nullptr;
  void (*copy_columns)(void* dst, const void* src) = nullptr;
};

namespace detail {
template <Mapped M, typename T>
int column_index(T M::*member) {
  int index = 0, found = -1;
  for_each_column<M>([&](const auto& def) {
    if constexpr (std::is_same_v<typename std::remove_cvref_t<decltype(def)>::value_type, T>) {
      if (found < 0 && def.member == member) found = index;
    }
    ++index;
  });
  if (found < 0) raise<InvalidArgument>("orm: a member of \"{}\" is not a mapped column", table_name<M>());
  return found;
}

template <Mapped M, typename Member>
int relationship_index(Member member) {
  int index = 0, found = -1;
  for_each_relationship<M>([&](const auto& rel) {
    if constexpr (std::is_same_v<decltype(rel.member), Member>) {
      if (found < 0 && rel.member == member) found = index;
    }
    ++index;
  });
  if (found < 0) raise<InvalidArgument>("orm: a member of \"{}\" is not a mapped relationship", table_name<M>());
  return found;
}

template <typename Target, typename Back>
int back_index(const Back& back) {
  if constexpr (std::is_same_v<Back, NoBackPopulates>) {
    return -1;
  } else {
    return relationship_index<Target>(back.member);
  }
}

size_t next_model_index();

// Item I of M's mapping (a column or a relationship), as a constant.
template <Mapped M, size_t I>
inline constexpr auto item_v = std::get<I>(mapping<M>.items);

template <Mapped M, size_t I>
struct ColumnOps {
  static constexpr auto member = item_v<M, I>.member;
  using T = typename std::remove_cvref_t<decltype(item_v<M, I>)>::value_type;
  static const T& ref(const void* o) { return static_cast<const M*>(o)->*member; }
  static T& ref(void* o) { return static_cast<M*>(o)->*member; }
  static Value get(const void* o) { return make_value(ref(o)); }
  static void set(void* o, const Value& v) { ref(o) = value_to<T>(v); }
  // Strings are assigned in place (the member's buffer is re-used, no temporary).
  static void read(void* o, const sql::Result& r, int i) {
    if constexpr (std::is_same_v<T, std::string>) {
      ref(o).assign(r.get_text(i));
    } else if constexpr (std::is_same_v<T, std::optional<std::string>>) {
      if (r.is_null(i)) {
        ref(o).reset();
      } else if (ref(o)) {
        ref(o)->assign(r.get_text(i));
      } else {
        ref(o).emplace(r.get_text(i));
      }
    } else {
      ref(o) = read_cell<T>(r, i);
    }
  }
  static bool equals(const void* o, const Value& v) {
    const T& x = ref(o);
    if constexpr (is_optional_v<T>) {
      if (!x) return sql::is_null(v);
      auto* p = std::get_if<base_t<T>>(&v);
      return p != nullptr && *p == *x;
    } else {
      auto* p = std::get_if<T>(&v);
      return p != nullptr && *p == x;
    }
  }
  static bool same(const void* a, const void* b) { return ref(a) == ref(b); }
  static void copy(void* dst, const void* src) { ref(dst) = ref(src); }
  static int64_t get_int(const void* o) {
    const T& x = ref(o);
    if constexpr (is_optional_v<T>) {
      if constexpr (std::is_arithmetic_v<base_t<T>>) return x ? static_cast<int64_t>(*x) : 0;
      return 0;
    } else if constexpr (std::is_arithmetic_v<T>) {
      return static_cast<int64_t>(x);
    } else {
      return 0;
    }
  }
};

template <typename O>
inline constexpr bool is_client_default_v = false;
template <typename V>
inline constexpr bool is_client_default_v<ClientDefault<V>> = true;

// Option J of column I of M is default_value(v).
template <Mapped M, size_t I, size_t J>
struct DefaultOps {
  using Ops = ColumnOps<M, I>;
  using T = typename Ops::T;
  static T value() { return T(static_cast<base_t<T>>(std::get<J>(item_v<M, I>.options).value)); }
  static bool needs(const void* o) {
    static const M fresh{};
    static const T v = value();
    const T& x = Ops::ref(o);
    return x == fresh.*Ops::member && !(x == v);
  }
  static void set(void* o) { Ops::ref(o) = value(); }
};

template <Mapped M, size_t I, size_t... J>
void set_default_op(ColumnDescriptor& c, std::index_sequence<J...>) {
  using Options = std::remove_cvref_t<decltype(item_v<M, I>.options)>;
  (
      [&] {
        if constexpr (is_client_default_v<std::tuple_element_t<J, Options>>) {
          c.needs_default = &DefaultOps<M, I, J>::needs;
          c.set_default = &DefaultOps<M, I, J>::set;
        }
      }(),
      ...);
}

// The session's access to relationship members: as they are in memory, never loading (RelationshipAccess).
template <Mapped M, size_t I>
struct OneOps {
  static constexpr auto member = item_v<M, I>.member;
  using Target = typename std::remove_cvref_t<decltype(item_v<M, I>)>::target_type;
  static void* get_one(const void* o) { return RelationshipAccess::target(static_cast<const M*>(o)->*member); }
  static void set_one(void* o, void* t) {
    RelationshipAccess::set_target(static_cast<M*>(o)->*member, static_cast<Target*>(t));
  }
};

template <Mapped M, size_t I>
struct ManyOps {
  static constexpr auto member = item_v<M, I>.member;
  using Target = typename std::remove_cvref_t<decltype(item_v<M, I>)>::target_type;
  static const std::vector<Target*>& items(const void* o) {
    return RelationshipAccess::items(static_cast<const M*>(o)->*member);
  }
  static std::vector<Target*>& items(void* o) { return RelationshipAccess::items(static_cast<M*>(o)->*member); }
  static size_t size(const void* o) { return items(o).size(); }
  static void* at(const void* o, size_t i) { return items(o)[i]; }
  static void push(void* o, void* t) { items(o).push_back(static_cast<Target*>(t)); }
  static void clear(void* o) { items(o).clear(); }
  static bool erase(void* o, void* t) {
    auto& items = ManyOps::items(o);
    for (auto it = items.begin(); it != items.end(); ++it) {
      if (*it == t) {
        items.erase(it);
        return true;
      }
    }
    return false;
  }
  static bool contains(const void* o, const void* t) {
    for (Target* x : items(o)) {
      if (x == t) return true;
    }
    return false;
  }
};
}  // namespace detail

template <Mapped M>
const ModelDescriptor& descriptor_of();

namespace detail {
template <Mapped M, size_t I>
void add_item(ModelDescriptor& d, const M& probe) {
  const auto& item = item_v<M, I>;
  using Item = std::remove_cvref_t<decltype(item)>;
  if constexpr (is_column_def_v<Item>) {
    using T = typename Item::value_type;
    using Ops = ColumnOps<M, I>;
    ColumnDescriptor c;
    c.name = std::string(item.name);
    std::apply(
        [&](const auto&... options) {
          (
              [&](const auto& option) {
                using O = std::remove_cvref_t<decltype(option)>;
                if constexpr (std::is_same_v<O, PrimaryKey>) {
                  c.primary_key = true;
                  c.autoincrement = option.autoincrement && std::is_integral_v<T>;
                } else if constexpr (std::is_same_v<O, VersionId>) {
                  if (d.version >= 0) {
                    raise<InvalidArgument>("orm: table \"{}\" has more than one version_id() column", d.table);
                  }
                  d.version = static_cast<int>(d.columns.size());
                } else if constexpr (requires { typename O::target_type; }) {
                  c.fk_target = &descriptor_of<typename O::target_type>;
                }
              }(options),
              ...);
        },
        item.options);
    if (c.primary_key && d.pk < 0) d.pk = static_cast<int>(d.columns.size());
    c.get = &Ops::get;
    c.set = &Ops::set;
    c.read = &Ops::read;
    c.equals = &Ops::equals;
    c.same = &Ops::same;
    c.copy = &Ops::copy;
    c.get_int = &Ops::get_int;
    c.nullable = is_optional_v<T>;
    c.integral = std::is_integral_v<T> && !std::is_same_v<T, bool>;
    set_default_op<M, I>(c, std::make_index_sequence<std::tuple_size_v<decltype(item.options)>>());
    d.columns.push_back(std::move(c));
  } else {
    using Target = typename Item::target_type;
    RelationshipDescriptor r;
    r.cascade = item.cascade;
    r.target = &descriptor_of<Target>;
    r.back = back_index<Target>(item.back);
    const auto& member = probe.*(item.member);
    const auto* base = reinterpret_cast<const std::byte*>(&probe);
    r.member_offset = reinterpret_cast<const std::byte*>(&member) - base;
    r.loader_offset = reinterpret_cast<const std::byte*>(&RelationshipAccess::loader(member)) - base;
    r.detached_loader.model = &descriptor_of<M>;
    r.detached_loader.relationship = static_cast<int>(d.relationships.size());
    r.detached_loader.member_offset = r.member_offset;
    if constexpr (requires { item.fk; }) {
      r.kind = RelationshipKind::kManyToOne;
      r.fk_column = column_index<M>(item.fk);
      r.get_one = &OneOps<M, I>::get_one;
      r.set_one = &OneOps<M, I>::set_one;
    } else {
      if constexpr (requires { typename Item::association_type; }) {
        using A = typename Item::association_type;
        r.kind = RelationshipKind::kManyToMany;
        r.association = &descriptor_of<A>;
        r.fk_column = column_index<A>(item.local_fk);
        r.remote_column = column_index<A>(item.remote_fk);
      } else {
        r.kind = RelationshipKind::kOneToMany;
        r.fk_column = column_index<Target>(item.remote_fk);
      }
      r.size = &ManyOps<M, I>::size;
      r.at = &ManyOps<M, I>::at;
      r.push = &ManyOps<M, I>::push;
      r.erase = &ManyOps<M, I>::erase;
      r.contains = &ManyOps<M, I>::contains;
      r.clear = &ManyOps<M, I>::clear;
    }
    d.relationships.push_back(std::move(r));
  }
}

// The position of item I of M's mapping among its columns.
template <Mapped M, size_t I>
constexpr int column_position() {
  return []<size_t... J>(std::index_sequence<J...>) {
    return (0 + ... + int{is_column_def_v<std::remove_cvref_t<decltype(item_v<M, J>)>>});
  }(std::make_index_sequence<I>());
}

template <Mapped M, size_t... I>
void read_all_columns(void* o, const sql::Result& r, int offset, std::index_sequence<I...>) {
  (
      [&] {
        if constexpr (is_column_def_v<std::remove_cvref_t<decltype(item_v<M, I>)>>) {
          ColumnOps<M, I>::read(o, r, offset + column_position<M, I>());
        }
      }(),
      ...);
}

template <Mapped M, size_t... I>
bool all_columns_same(const void* a, const void* b, std::index_sequence<I...>) {
  return (
      [&] {
        if constexpr (is_column_def_v<std::remove_cvref_t<decltype(item_v<M, I>)>>) {
          return ColumnOps<M, I>::same(a, b);
        } else {
          return true;
        }
      }() &&
      ...);
}

template <Mapped M, size_t... I>
void copy_all_columns(void* dst, const void* src, std::index_sequence<I...>) {
  (
      [&] {
        if constexpr (is_column_def_v<std::remove_cvref_t<decltype(item_v<M, I>)>>) ColumnOps<M, I>::copy(dst, src);
      }(),
      ...);
}

template <Mapped M, size_t... I>
void add_items(ModelDescriptor& d, std::index_sequence<I...>) {
  const M probe{};  // member offsets are measured on it
  (add_item<M, I>(d, probe), ...);
}

template <Mapped M>
ModelDescriptor build_descriptor() {
  ModelDescriptor d;
  d.table = std::string(table_name<M>());
  d.index = next_model_index();
  d.size = sizeof(M);
  d.align = alignof(M);
  d.construct = [](void* p) { new (p) M(); };
  d.destruct = [](void* p) { static_cast<M*>(p)->~M(); };
  if constexpr (std::is_copy_constructible_v<M>) {
    d.copy_construct = [](void* p, const void* src) { new (p) M(*static_cast<const M*>(src)); };
  }
  using Items = std::make_index_sequence<std::tuple_size_v<decltype(mapping<M>.items)>>;
  add_items<M>(d, Items());
  d.read_columns = [](void* o, const sql::Result& r, int offset) { read_all_columns<M>(o, r, offset, Items()); };
  d.columns_same = [](const void* a, const void* b) { return all_columns_same<M>(a, b, Items()); };
  d.copy_columns = [](void* dst, const void* src) { copy_all_columns<M>(dst, src, Items()); };
  if (d.pk < 0) raise<InvalidArgument>("orm: table \"{}\" has no primary key", d.table);
  if (d.relationships.size() > 64) raise<NotImplemented>("orm: table \"{}\" has more than 64 relationships", d.table);
  for (RelationshipDescriptor& r : d.relationships) r.detached_loader.detached = &r.detached_loader;  // final places
  return d;
}
}  // namespace detail

// The descriptor of M, built once.
template <Mapped M>
const ModelDescriptor& descriptor_of() {
  static const ModelDescriptor d = detail::build_descriptor<M>();
  return d;
}

// ----------------------------------------------------------------------------------- loader options
struct LoadOption {
  enum class Strategy { kSelectin, kJoined };
  DescriptorFn model;
  int relationship;
  Strategy strategy;
};

namespace detail {
template <typename Member>
struct member_owner;
template <typename M, typename T>
struct member_owner<T M::*> {
  using type = M;
};
}  // namespace detail

// Load relationship `member` of every object a query returns with one more SELECT ... IN (...).
template <typename Member>
LoadOption selectin(Member member) {
  using M = typename detail::member_owner<Member>::type;
  return LoadOption{&descriptor_of<M>, detail::relationship_index<M>(member), LoadOption::Strategy::kSelectin};
}
// Load relationship `member` in the same statement (LEFT OUTER JOIN).
template <typename Member>
LoadOption joined(Member member) {
  using M = typename detail::member_owner<Member>::type;
  return LoadOption{&descriptor_of<M>, detail::relationship_index<M>(member), LoadOption::Strategy::kJoined};
}

// ------------------------------------------------------------------------------------------- errors
// An UPDATE or DELETE of a model with a version_id() column matched no row: another transaction changed (or
// deleted) the row since this session read it. Raised by flush() (and so commit()); the flush has been undone
// as any failed flush is (savepoint rolled back, objects as before it). Recover with rollback(), then
// refresh() the object (or get() it in a new session) and apply the change again.
class StaleDataError : public Error {
 public:
  StaleDataError(std::string table, int64_t primary_key, int64_t expected_version, std::string_view statement)
      : Error(fmt::format("orm: stale data: {} of \"{}\" with primary key {} expected version {} and matched no "
                          "row (changed or deleted by another transaction since it was read)",
                          statement, table, primary_key, expected_version)),
        table_(std::move(table)),
        primary_key_(primary_key),
        expected_version_(expected_version) {}
  const std::string& table() const { return table_; }
  int64_t primary_key() const { return primary_key_; }
  int64_t expected_version() const { return expected_version_; }

 private:
  std::string table_;
  int64_t primary_key_;
  int64_t expected_version_;
};

// ------------------------------------------------------------------------------------------- session
// Session memory is recycled per thread: the blocks that held a finished session's objects, snapshots and tables
// are kept for the next session on the same thread (already touched, they cost no page faults), up to a limit
// shared by all threads' caches as a per-thread bound (64 MiB unless set). trim_session_memory() frees the
// calling thread's cached blocks now; a thread's cache is freed when the thread ends.
size_t session_memory_cache_limit();
void set_session_memory_cache_limit(size_t bytes);  // 0: keep nothing
size_t session_memory_cached();                      // bytes the calling thread keeps
void trim_session_memory();

struct ObjectState;

class Session {
 public:
  explicit Session(sql::Connection& connection);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  sql::Connection& connection() { return *conn_; }
  Dialect dialect() const { return dialect_; }

  // Move `object` into the session (pending until flushed); returns the session's object.
  template <Mapped M>
  M* add(M object) {
    const ModelDescriptor& d = descriptor_of<M>();
    M* p = new (allocate(d)) M(std::move(object));
    add_erased(d, p);
    return p;
  }
  template <Mapped M>
  std::vector<M*> add_all(std::vector<M> objects) {
    std::vector<M*> out;
    out.reserve(objects.size());
    for (M& o : objects) out.push_back(add(std::move(o)));
    return out;
  }
  // Mark `object` for deletion at the next flush (a pending object is simply dropped from the unit of work).
  template <Mapped M>
  void remove(M* object) {
    remove_erased(object);
  }

  // The object with primary key `id`: from the identity map, else one SELECT; nullptr when there is none.
  template <Mapped M>
  M* get(int64_t id) {
    return static_cast<M*>(get_erased(descriptor_of<M>(), id));
  }

  // Relationship edits that keep both sides in sync in memory (back_populates).
  // link(parent, &P::children, child): child joins the collection (leaving its previous parent's), its
  // back reference points at parent. link(child, &C::parent, parent): the same from the other side.
  template <Mapped M, typename T>
  void link(M* parent, Many<T> M::*member, T* child) {
    link_many(parent, descriptor_of<M>(), detail::relationship_index<M>(member), child);
  }
  template <Mapped M, typename T>
  void link(M* child, One<T> M::*member, T* parent) {
    link_one(child, descriptor_of<M>(), detail::relationship_index<M>(member), parent);
  }
  // unlink(parent, &P::children, child): child leaves the collection; with delete-orphan it is deleted.
  template <Mapped M, typename T>
  void unlink(M* parent, Many<T> M::*member, T* child) {
    unlink_many(parent, descriptor_of<M>(), detail::relationship_index<M>(member), child);
  }

  // The relationship loaded (from the database on first access in this session, as reading it does), or as it is
  // in memory for an object that has no row (pending, deleted).
  template <Mapped M, typename T>
  Many<T>& load(M* object, Many<T> M::*member) {
    load_relationship(object, descriptor_of<M>(), detail::relationship_index<M>(member));
    return object->*member;
  }
  template <Mapped M, typename T>
  T* load(M* object, One<T> M::*member) {
    load_relationship(object, descriptor_of<M>(), detail::relationship_index<M>(member));
    return detail::RelationshipAccess::target(object->*member);
  }

  // A select of whole models: the session's objects (identity map), with eager loading options.
  template <Mapped M, typename Models, typename... Options>
  std::vector<M*> execute(const Select<std::tuple<M>, Models>& stmt, Options... options) {
    std::vector<LoadOption> opts{options...};
    std::vector<void*> raw = query_objects(descriptor_of<M>(), to_sql(stmt, dialect_), opts);
    std::vector<M*> out;
    out.reserve(raw.size());
    for (void* p : raw) out.push_back(static_cast<M*>(p));
    return out;
  }
  // Any other select: typed rows (result.h), after an autoflush.
  template <typename Row, typename Models>
    requires(!(std::tuple_size_v<Row> == 1 && Mapped<std::tuple_element_t<0, Row>>))
  TypedResult<Row> execute(const Select<Row, Models>& stmt) {
    flush();
    CompiledSql q = to_sql(stmt, dialect_);
    return TypedResult<Row>(run(q.sql, q.params));
  }

  void flush();
  void commit();
  void rollback();
  // Forget the loaded column values: the next query or get() reading this row overwrites them.
  template <Mapped M>
  void expire(M* object) {
    expire_erased(object);
  }
  // Re-read the object's columns now (pending changes to it are lost).
  template <Mapped M>
  void refresh(M* object) {
    refresh_erased(object);
  }

  // Statements this session has sent (tests count them), and the number of objects it tracks.
  int64_t statement_count() const { return statements_; }
  size_t size() const;
  bool is_persistent(const void* object) const;
  bool is_pending(const void* object) const;

  // Type-erased core (public for the bench and tests of the descriptor level).
  // Memory for one object of d from the session's arena for the model (objects live as long as the session);
  // construct the object there, then add_erased() it, which takes the memory for good.
  void* allocate(const ModelDescriptor& d);
  void add_erased(const ModelDescriptor& d, void* object);
  void remove_erased(void* object);
  void* get_erased(const ModelDescriptor& d, int64_t id);
  void link_many(void* parent, const ModelDescriptor& d, int relationship, void* child);
  void link_one(void* child, const ModelDescriptor& d, int relationship, void* parent);
  void unlink_many(void* parent, const ModelDescriptor& d, int relationship, void* child);
  void load_relationship(void* object, const ModelDescriptor& d, int relationship);
  std::vector<void*> query_objects(const ModelDescriptor& d, const CompiledSql& q,
                                   const std::vector<LoadOption>& options);
  void expire_erased(void* object);
  void refresh_erased(void* object);
  sql::Result run(const std::string& sql, std::span<const Value> params = {});

  struct Impl;  // the unit of work's state (session.cpp)

 private:
  friend void detail::lazy_load(const detail::RelationshipLoader*, const void*);
  friend void detail::lazy_assigned(const detail::RelationshipLoader*, const void*) noexcept;
  // Reading an unloaded One<>/Many<> member of `object` (mapping.h): load_relationship(), or
  // DetachedInstanceError for an object whose deletion was committed.
  void lazy_load(void* object, const ModelDescriptor& d, int relationship);
  // The program assigned the member: it counts as loaded.
  void lazy_assigned(void* object, int relationship) noexcept;

 private:
  bool prepare_flush();
  void sync_many_to_many(ObjectState* s);

  sql::Connection* conn_;
  Dialect dialect_;
  int64_t statements_ = 0;
  std::unique_ptr<Impl> impl_;
};

}  // namespace strata::orm
