// Declarative mapping of plain C++ structs to tables, checked at compile time.
//
//   struct Department { int32_t id = 0; std::string name; std::optional<std::string> location;
//                       orm::Many<Employee> employees; };
//   template <> inline constexpr auto strata::orm::mapping<Department> = orm::table("department",
//       orm::column("id", &Department::id, orm::primary_key()),
//       orm::column("name", &Department::name, orm::length(100), orm::unique()),
//       orm::column("location", &Department::location, orm::length(100)),
//       orm::one_to_many(&Department::employees, &Employee::department_id,
//                        orm::back_populates(&Employee::department), orm::cascade::all_delete_orphan));
//
// A column's SQL type comes from its member's type through sql_traits (value.h): int32_t INTEGER, int64_t
// BIGINT, double FLOAT, bool BOOLEAN, std::string VARCHAR(n) / TEXT, Date DATE, Timestamp DATETIME /
// TIMESTAMP WITHOUT TIME ZONE; orm::numeric(p, s) makes a double member NUMERIC(p, s). A std::optional member
// is nullable, every other member is NOT NULL. Relationship declarations are metadata only here; loading them
// is the session's business. Everything in this header is constexpr data; nothing here allocates.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "strata/core/error.h"
#include "strata/orm/value.h"

namespace strata::orm {

// ------------------------------------------------------------------------------------ relationship members
// A relationship the program reads on an object whose relationship is not loaded and that is not in a session
// (copied out of its session, or its session is gone): SQLAlchemy's DetachedInstanceError. Load it inside the
// session (reading it there, load(), selectin(), joined()) before copying the object out.
class DetachedInstanceError : public Error {
 public:
  DetachedInstanceError(std::string table, std::string target, std::string_view why)
      : Error(fmt::format("orm: the relationship of a \"{}\" object to \"{}\" is not loaded and the object is "
                          "detached ({}); load it inside its session (read it there, Session::load(), selectin() or "
                          "joined()) before the object leaves it",
                          table, target, why)),
        table_(std::move(table)),
        target_(std::move(target)) {}
  // The table of the object, and the table the relationship refers to.
  const std::string& table() const { return table_; }
  const std::string& target() const { return target_; }

 private:
  std::string table_;
  std::string target_;
};

struct ModelDescriptor;  // session.h

namespace detail {
// The lazy loader of one relationship of one model in one session (the session owns it), or the descriptor's
// "detached" loader of the relationship (`session` null). A One<>/Many<> that is not loaded holds a pointer to
// one of them; a loaded one (or one the program assigned) holds nullptr.
struct RelationshipLoader {
  void* session = nullptr;                       // the orm::Session, null for the detached loader
  const ModelDescriptor& (*model)() = nullptr;   // descriptor_of<M>
  int relationship = -1;                         // index in the model's relationships
  ptrdiff_t member_offset = 0;                   // of the One<>/Many<> member in the model's object
  const RelationshipLoader* detached = nullptr;  // what a copy of a member holding this loader gets
};
// Load the relationship whose One<>/Many<> member is at `member` (session.cpp): runs the SELECT that
// Session::load() runs, once, and clears the member's loader. Throws DetachedInstanceError for a detached loader.
[[gnu::cold]] void lazy_load(const RelationshipLoader* loader, const void* member);
// The program assigned the member (One::set, an assignment): the session counts it as loaded.
[[gnu::cold]] void lazy_assigned(const RelationshipLoader* loader, const void* member) noexcept;
struct RelationshipAccess;  // the session's raw access (no loading) to One<>/Many<>
}  // namespace detail

// A many-to-one reference held by a mapped struct. Non-owning: the session owns the objects.
// Inside a session, reading an unloaded reference of an object the session read from the database (get(),
// operator->, operator*, operator bool) loads it first, once (SQLAlchemy's lazy="select"): from the identity map
// when the target is there, else with one SELECT. set() and assignment count as loading (no SELECT for the old
// value). A copy made of a member that is not loaded is detached: reading it raises DetachedInstanceError.
template <typename T>
class One {
 public:
  One() = default;
  explicit One(T* target) : target_(target) {}
  // (noexcept: a model's implicit move constructor, which copies a One, stays noexcept for std::vector.)
  One(const One& other) noexcept
      : target_(other.target_), loader_(other.loader_ ? other.loader_->detached : nullptr) {}
  One& operator=(const One& other) noexcept {
    if (this != &other) assign(other.target_, other.loader_);
    return *this;
  }
  ~One() = default;

  T* get() const {
    ensure();
    return target_;
  }
  T* operator->() const { return get(); }
  T& operator*() const { return *get(); }
  explicit operator bool() const { return get() != nullptr; }
  void set(T* target) {
    if (loader_ != nullptr) [[unlikely]] release();
    target_ = target;
  }

 private:
  friend struct detail::RelationshipAccess;
  void ensure() const {
    if (loader_ != nullptr) [[unlikely]] detail::lazy_load(loader_, this);
  }
  void release() noexcept {
    const detail::RelationshipLoader* l = loader_;
    loader_ = nullptr;
    if (l->session != nullptr) detail::lazy_assigned(l, this);
  }
  // Assignment: the targets, and the state: loaded when the source is; a source not loaded leaves a member
  // loaded lazily by a session as it is, and makes any other member detached.
  void assign(T* target, const detail::RelationshipLoader* source_loader) noexcept {
    if (source_loader == nullptr) {
      if (loader_ != nullptr) release();
    } else if (loader_ == nullptr || loader_->session == nullptr) {
      loader_ = source_loader->detached;
    }
    target_ = target;
  }

  T* target_ = nullptr;
  mutable const detail::RelationshipLoader* loader_ = nullptr;
};

// A one-to-many or many-to-many collection held by a mapped struct. Non-owning, as One. Inside a session,
// reading an unloaded collection of an object the session read from the database (begin/end, size, empty,
// operator[], items()) loads it first, once, with one SELECT; writes (push_back, clear, items()) load it first
// too, so the collection is the database's plus the change (SQLAlchemy's collections do the same). Copies as One.
template <typename T>
class Many {
 public:
  using value_type = T*;
  Many() = default;
  Many(const Many& other) : items_(other.items_), loader_(other.loader_ ? other.loader_->detached : nullptr) {}
  Many(Many&& other) noexcept
      : items_(std::move(other.items_)), loader_(other.loader_ ? other.loader_->detached : nullptr) {}
  Many& operator=(const Many& other) {
    if (this != &other) {
      adopt_state(other.loader_);
      items_ = other.items_;
    }
    return *this;
  }
  Many& operator=(Many&& other) noexcept {
    if (this != &other) {
      adopt_state(other.loader_);
      items_ = std::move(other.items_);
    }
    return *this;
  }
  ~Many() = default;

  auto begin() const {
    ensure();
    return items_.begin();
  }
  auto end() const {
    ensure();
    return items_.end();
  }
  size_t size() const {
    ensure();
    return items_.size();
  }
  bool empty() const {
    ensure();
    return items_.empty();
  }
  T* operator[](size_t index) const {
    ensure();
    return items_[index];
  }
  void push_back(T* item) {
    ensure();
    items_.push_back(item);
  }
  void clear() {
    ensure();
    items_.clear();
  }
  std::vector<T*>& items() {
    ensure();
    return items_;
  }

 private:
  friend struct detail::RelationshipAccess;
  void ensure() const {
    if (loader_ != nullptr) [[unlikely]] detail::lazy_load(loader_, this);
  }
  // As One::assign (the session is told when a lazily loaded member is overwritten by a loaded one).
  void adopt_state(const detail::RelationshipLoader* source_loader) noexcept {
    if (source_loader == nullptr) {
      if (loader_ != nullptr) {
        const detail::RelationshipLoader* l = loader_;
        loader_ = nullptr;
        if (l->session != nullptr) detail::lazy_assigned(l, this);
      }
    } else if (loader_ == nullptr || loader_->session == nullptr) {
      loader_ = source_loader->detached;
    }
  }

  std::vector<T*> items_;
  mutable const detail::RelationshipLoader* loader_ = nullptr;
};

namespace detail {
// The session's view of One<>/Many<>: the members as they are, never loading.
struct RelationshipAccess {
  template <typename T>
  static T* target(const One<T>& one) {
    return one.target_;
  }
  template <typename T>
  static void set_target(One<T>& one, T* target) {
    one.target_ = target;
  }
  template <typename T>
  static const std::vector<T*>& items(const Many<T>& many) {
    return many.items_;
  }
  template <typename T>
  static std::vector<T*>& items(Many<T>& many) {
    return many.items_;
  }
  template <typename R>
  static const RelationshipLoader*& loader(const R& member) {
    return member.loader_;
  }
};
}  // namespace detail

// ------------------------------------------------------------------------------------------ column options
struct PrimaryKey {
  bool autoincrement = true;
};
// PRIMARY KEY; an integer key is generated by the database (SQLite rowid, PostgreSQL SERIAL) unless
// `autoincrement` is false.
constexpr PrimaryKey primary_key(bool autoincrement = true) { return PrimaryKey{autoincrement}; }

struct Unique {};
// UNIQUE (column) as a table constraint.
constexpr Unique unique() { return {}; }

struct Length {
  int length;
};
// VARCHAR(n) for a std::string member (TEXT without it).
constexpr Length length(int n) { return Length{n}; }

struct NumericOption {
  int precision;
  int scale;
};
// NUMERIC(precision, scale) for a double member.
constexpr NumericOption numeric(int precision, int scale) { return NumericOption{precision, scale}; }

struct IndexOption {
  bool unique = false;
  std::string_view name;  // "" = ix_<table>_<column>
};
// CREATE [UNIQUE] INDEX ix_<table>_<column> ON <table> (<column>), emitted after the table.
constexpr IndexOption index(bool unique = false, std::string_view name = {}) { return IndexOption{unique, name}; }

template <typename V>
struct ClientDefault {
  V value;
};
// A client-side default: the session fills it in when inserting an object whose member was never set. Not
// part of the DDL (as in SQLAlchemy).
template <typename V>
constexpr ClientDefault<V> default_value(V value) {
  return ClientDefault<V>{value};
}

struct ServerDefault {
  std::string_view sql;
};
// DEFAULT <sql> in the DDL, e.g. server_default("CURRENT_TIMESTAMP"). The text is SQL, written by the
// programmer, never user data.
constexpr ServerDefault server_default(std::string_view sql) { return ServerDefault{sql}; }

struct VersionId {};
// The optimistic version counter (SQLAlchemy's version_id_col) of an integer member: the session writes 1 on
// INSERT, and every UPDATE sets it to the loaded value + 1 under `WHERE <pk> = ? AND <version> = <loaded>`
// (DELETE checks it the same way); a statement that matches no row raises orm::StaleDataError (session.h).
// At most one per table; the session owns the member's value (what the program assigns to it is ignored).
constexpr VersionId version_id() { return {}; }

enum class OnDelete { kNoAction, kCascade, kSetNull, kRestrict, kSetDefault };

template <typename Target, typename T>
struct ForeignKey {
  using target_type = Target;
  T Target::*referred;
  OnDelete on_delete;
};
// FOREIGN KEY(column) REFERENCES <Target's table> (<referred column>) [ON DELETE ...].
template <typename Target, typename T>
constexpr ForeignKey<Target, T> foreign_key(T Target::*referred, OnDelete on_delete = OnDelete::kNoAction) {
  return ForeignKey<Target, T>{referred, on_delete};
}

template <typename M, typename T, typename... Options>
struct ColumnDef {
  using model_type = M;
  using value_type = T;
  std::string_view name;
  T M::*member;
  std::tuple<Options...> options;
};

template <typename Option>
inline constexpr bool is_column_option_v = false;
template <>
inline constexpr bool is_column_option_v<PrimaryKey> = true;
template <>
inline constexpr bool is_column_option_v<Unique> = true;
template <>
inline constexpr bool is_column_option_v<Length> = true;
template <>
inline constexpr bool is_column_option_v<NumericOption> = true;
template <>
inline constexpr bool is_column_option_v<IndexOption> = true;
template <>
inline constexpr bool is_column_option_v<ServerDefault> = true;
template <>
inline constexpr bool is_column_option_v<VersionId> = true;
template <typename V>
inline constexpr bool is_column_option_v<ClientDefault<V>> = true;
template <typename Target, typename T>
inline constexpr bool is_column_option_v<ForeignKey<Target, T>> = true;

// A mapped column: name, member and options (primary_key, unique, length, numeric, index, default_value,
// server_default, foreign_key, version_id).
template <typename M, typename T, typename... Options>
constexpr ColumnDef<M, T, Options...> column(std::string_view name, T M::*member, Options... options) {
  static_assert(SqlValueType<T>,
                "orm::column: the member's type has no SQL type; use int32_t, int64_t, double, bool, std::string, "
                "orm::Date, orm::Timestamp or std::optional of one of them");
  static_assert((is_column_option_v<Options> && ...),
                "orm::column: an option is not a column option (primary_key, unique, length, numeric, index, "
                "default_value, server_default, foreign_key, version_id)");
  static_assert(!(std::is_same_v<Options, VersionId> || ...) ||
                    (std::is_integral_v<T> && !std::is_same_v<T, bool>),
                "orm::version_id: the version column must be an int32_t or int64_t member");
  return ColumnDef<M, T, Options...>{name, member, std::tuple<Options...>(options...)};
}

// ------------------------------------------------------------------------------------------ relationships
enum class CascadeFlag : uint8_t {
  kSaveUpdate = 1,
  kMerge = 2,
  kExpunge = 4,
  kDelete = 8,
  kDeleteOrphan = 16,
  kRefresh = 32,
};
struct Cascade {
  uint8_t flags = 0;
  constexpr bool has(CascadeFlag flag) const { return (flags & static_cast<uint8_t>(flag)) != 0; }
};
namespace cascade {
inline constexpr Cascade none{0};
inline constexpr Cascade save_update{1};
// "all": save-update, merge, expunge, delete, refresh-expire.
inline constexpr Cascade all{1 | 2 | 4 | 8 | 32};
// "all, delete-orphan": all, and a child removed from its parent's collection is deleted.
inline constexpr Cascade all_delete_orphan{1 | 2 | 4 | 8 | 16 | 32};
}  // namespace cascade

template <typename Member>
struct BackPopulates {
  Member member;
};
// The other side's relationship member, kept in sync in memory by the session.
template <typename Member>
constexpr BackPopulates<Member> back_populates(Member member) {
  return BackPopulates<Member>{member};
}
struct NoBackPopulates {};

enum class RelationshipKind { kManyToOne, kOneToMany, kManyToMany };

// employee.department: the local foreign-key member `fk` points at Target's primary key.
template <typename M, typename Target, typename Fk, typename Back>
struct ManyToOne {
  using model_type = M;
  using target_type = Target;
  One<Target> M::*member;
  Fk M::*fk;
  Back back;
  Cascade cascade;
};

// department.employees: Target's member `remote_fk` points at M's primary key.
template <typename M, typename Target, typename Fk, typename Back>
struct OneToMany {
  using model_type = M;
  using target_type = Target;
  Many<Target> M::*member;
  Fk Target::*remote_fk;
  Back back;
  Cascade cascade;
};

// employee.project_list through the association model Assoc: Assoc::local_fk points at M, Assoc::remote_fk
// at Target.
template <typename M, typename Target, typename Assoc, typename FkL, typename FkR, typename Back>
struct ManyToMany {
  using model_type = M;
  using target_type = Target;
  using association_type = Assoc;
  Many<Target> M::*member;
  FkL Assoc::*local_fk;
  FkR Assoc::*remote_fk;
  Back back;
  Cascade cascade;
};

template <typename Assoc, typename FkL, typename FkR>
struct Through {
  FkL Assoc::*local_fk;
  FkR Assoc::*remote_fk;
};
// The association model of a many-to-many relationship and its two foreign-key members (to this side, to
// the other side).
template <typename Assoc, typename FkL, typename FkR>
constexpr Through<Assoc, FkL, FkR> through(FkL Assoc::*local_fk, FkR Assoc::*remote_fk) {
  return Through<Assoc, FkL, FkR>{local_fk, remote_fk};
}

namespace detail {
template <typename T>
inline constexpr bool is_back_populates_v = false;
template <typename Member>
inline constexpr bool is_back_populates_v<BackPopulates<Member>> = true;

template <typename... Options>
constexpr auto find_back(const Options&... options) {
  if constexpr ((is_back_populates_v<Options> || ...)) {
    return std::get<0>(std::tuple_cat(
        [](const auto& option) {
          if constexpr (is_back_populates_v<std::remove_cvref_t<decltype(option)>>) {
            return std::tuple(option);
          } else {
            return std::tuple<>();
          }
        }(options)...));
  } else {
    return NoBackPopulates{};
  }
}
template <typename Option>
inline constexpr bool is_relationship_option_v = std::is_same_v<Option, Cascade> || is_back_populates_v<Option>;
}  // namespace detail

// Many-to-one: `member` (One<Target>) loaded through the local foreign-key member `fk`.
// Options: back_populates(&Target::collection), a cascade.
template <typename M, typename Target, typename Fk, typename... Options>
constexpr auto many_to_one(One<Target> M::*member, Fk M::*fk, Options... options) {
  static_assert((detail::is_relationship_option_v<Options> && ...),
                "orm::many_to_one: options are back_populates(...) and a cascade");
  auto back = detail::find_back(options...);
  Cascade c = cascade::save_update;
  ((void)([&](const auto& o) {
     if constexpr (std::is_same_v<std::remove_cvref_t<decltype(o)>, Cascade>) c = o;
   }(options)),
   ...);
  return ManyToOne<M, Target, Fk, decltype(back)>{member, fk, back, c};
}

// One-to-many: `member` (Many<Target>) holds the Target rows whose `remote_fk` equals this row's key.
// Options: back_populates(&Target::reference), a cascade (e.g. cascade::all_delete_orphan).
template <typename M, typename Target, typename Fk, typename... Options>
constexpr auto one_to_many(Many<Target> M::*member, Fk Target::*remote_fk, Options... options) {
  static_assert((detail::is_relationship_option_v<Options> && ...),
                "orm::one_to_many: options are back_populates(...) and a cascade");
  auto back = detail::find_back(options...);
  Cascade c = cascade::save_update;
  ((void)([&](const auto& o) {
     if constexpr (std::is_same_v<std::remove_cvref_t<decltype(o)>, Cascade>) c = o;
   }(options)),
   ...);
  return OneToMany<M, Target, Fk, decltype(back)>{member, remote_fk, back, c};
}

// Many-to-many through an association model: many_to_many(&Employee::project_list,
// through(&ProjectAssignment::employee_id, &ProjectAssignment::project_id)).
template <typename M, typename Target, typename Assoc, typename FkL, typename FkR, typename... Options>
constexpr auto many_to_many(Many<Target> M::*member, Through<Assoc, FkL, FkR> via, Options... options) {
  static_assert((detail::is_relationship_option_v<Options> && ...),
                "orm::many_to_many: options are back_populates(...) and a cascade");
  auto back = detail::find_back(options...);
  Cascade c = cascade::save_update;
  ((void)([&](const auto& o) {
     if constexpr (std::is_same_v<std::remove_cvref_t<decltype(o)>, Cascade>) c = o;
   }(options)),
   ...);
  return ManyToMany<M, Target, Assoc, FkL, FkR, decltype(back)>{member, via.local_fk, via.remote_fk, back, c};
}

// ------------------------------------------------------------------------------------------------- tables
template <typename M, typename... Items>
struct TableDef {
  using model_type = M;
  std::string_view name;
  std::tuple<Items...> items;
};

template <typename Item>
inline constexpr bool is_column_def_v = false;
template <typename M, typename T, typename... O>
inline constexpr bool is_column_def_v<ColumnDef<M, T, O...>> = true;

template <typename Item>
inline constexpr bool is_relationship_v = false;
template <typename M, typename T, typename F, typename B>
inline constexpr bool is_relationship_v<ManyToOne<M, T, F, B>> = true;
template <typename M, typename T, typename F, typename B>
inline constexpr bool is_relationship_v<OneToMany<M, T, F, B>> = true;
template <typename M, typename T, typename A, typename L, typename R, typename B>
inline constexpr bool is_relationship_v<ManyToMany<M, T, A, L, R, B>> = true;

// A table: its name, then its columns and relationships. The model type comes from the first column.
template <typename First, typename... Rest>
constexpr auto table(std::string_view name, First first, Rest... rest) {
  static_assert(is_column_def_v<First>, "orm::table: the first item after the name must be an orm::column");
  using M = typename First::model_type;
  static_assert(((is_column_def_v<Rest> || is_relationship_v<Rest>) && ...),
                "orm::table: items are orm::column(...) and relationships (many_to_one, one_to_many, "
                "many_to_many)");
  static_assert(((std::is_same_v<typename Rest::model_type, M>) && ...),
                "orm::table: every column and relationship must belong to the same struct");
  return TableDef<M, First, Rest...>{name, std::tuple<First, Rest...>(first, rest...)};
}

struct NotMapped {};

// The mapping of struct M; specialise it once per model (see the top of this file).
template <typename M>
inline constexpr auto mapping = NotMapped{};

// M has a mapping.
template <typename M>
concept Mapped = !std::is_same_v<std::remove_cvref_t<decltype(mapping<M>)>, NotMapped>;

// ------------------------------------------------------------------------------------------------ lookups
// Call f(column_def) for every column of M, in declaration order.
template <Mapped M, typename F>
constexpr void for_each_column(F&& f) {
  std::apply(
      [&](const auto&... items) {
        (
            [&](const auto& item) {
              if constexpr (is_column_def_v<std::remove_cvref_t<decltype(item)>>) f(item);
            }(items),
            ...);
      },
      mapping<M>.items);
}

// Call f(relationship) for every relationship of M.
template <Mapped M, typename F>
constexpr void for_each_relationship(F&& f) {
  std::apply(
      [&](const auto&... items) {
        (
            [&](const auto& item) {
              if constexpr (is_relationship_v<std::remove_cvref_t<decltype(item)>>) f(item);
            }(items),
            ...);
      },
      mapping<M>.items);
}

template <Mapped M>
constexpr std::string_view table_name() {
  return mapping<M>.name;
}

// The column name of member `member` of M; throws InvalidArgument when the member is not mapped.
template <Mapped M, typename T>
std::string_view column_name(T M::*member) {
  std::string_view found;
  for_each_column<M>([&](const auto& def) {
    if constexpr (std::is_same_v<typename std::remove_cvref_t<decltype(def)>::value_type, T>) {
      if (found.empty() && def.member == member) found = def.name;
    }
  });
  if (found.empty()) raise("orm: a member of the struct mapped to table \"{}\" has no orm::column", table_name<M>());
  return found;
}

// The primary-key column of M (the first column with primary_key()).
template <Mapped M>
std::string_view primary_key_name() {
  std::string_view found;
  for_each_column<M>([&](const auto& def) {
    std::apply(
        [&](const auto&... options) {
          ((std::is_same_v<std::remove_cvref_t<decltype(options)>, PrimaryKey> && found.empty()
                ? (void)(found = def.name)
                : void()),
           ...);
        },
        def.options);
  });
  if (found.empty()) raise("orm: table \"{}\" has no primary key", table_name<M>());
  return found;
}

// ------------------------------------------------------------------------- foreign keys between models
namespace detail {
template <typename Option, typename Target>
inline constexpr bool is_fk_to_v = false;
template <typename Target, typename T>
inline constexpr bool is_fk_to_v<ForeignKey<Target, T>, Target> = true;

template <typename Item, typename Target>
struct column_fk_to : std::false_type {};
template <typename M, typename T, typename... O, typename Target>
struct column_fk_to<ColumnDef<M, T, O...>, Target> : std::bool_constant<(is_fk_to_v<O, Target> || ...)> {};

template <typename Table, typename Target>
struct fk_count_impl;
template <typename M, typename... Items, typename Target>
struct fk_count_impl<TableDef<M, Items...>, Target>
    : std::integral_constant<int, (int{column_fk_to<Items, Target>::value} + ... + 0)> {};
}  // namespace detail

// The number of foreign keys from A's table to B's table (a compile-time constant).
template <Mapped A, Mapped B>
inline constexpr int fk_count_v = detail::fk_count_impl<std::remove_cvref_t<decltype(mapping<A>)>, B>::value;

// For the foreign key from A to B: {A's column, B's referred column}.
template <Mapped A, Mapped B>
std::pair<std::string_view, std::string_view> foreign_key_columns() {
  std::pair<std::string_view, std::string_view> result;
  for_each_column<A>([&](const auto& def) {
    std::apply(
        [&](const auto&... options) {
          (
              [&](const auto& option) {
                if constexpr (detail::is_fk_to_v<std::remove_cvref_t<decltype(option)>, B>) {
                  if (result.first.empty()) result = {def.name, column_name<B>(option.referred)};
                }
              }(options),
              ...);
        },
        def.options);
  });
  return result;
}

}  // namespace strata::orm
