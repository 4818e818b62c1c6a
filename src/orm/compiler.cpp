// Rendering of the ORM syntax tree to SQL: one overload per node type; the dialect changes only booleans,
// placeholders, round() of doubles, EXTRACT and ILIKE. Layout follows SQLAlchemy 1.4's compiler so the text
// can be compared with ../shared/seed/expected/*.sql.
#include "strata/orm/compiler.h"

#include <functional>
#include <map>
#include <set>

#include <fmt/format.h>

#include "strata/core/error.h"
#include "strata/orm/select.h"

namespace strata::orm {

namespace detail {
std::vector<std::string> name_columns(ast::SelectNode& node) {
  std::vector<std::string> names;
  std::set<std::string> used;
  std::map<std::string, int> dups;
  std::map<std::string, int> counters;
  for (ast::SelectItem& item : node.columns) {
    if (item.label.empty()) {
      std::string name;
      if (const auto* ref = std::get_if<ast::ColumnRef>(&item.expr->v)) {
        name = ref->column;
      } else {
        // As the compiler labels unlabelled items: count_1, avg_1, anon_1.
        const auto* fn = std::get_if<ast::Func>(&item.expr->v);
        const std::string prefix = fn != nullptr ? fn->name : "anon";
        name = fmt::format("{}_{}", prefix, ++counters[prefix]);
      }
      while (used.count(name) != 0) name = fmt::format("{}_{}", name, ++dups[name]);
      item.label = name;
    } else if (used.count(item.label) != 0) {
      raise<SchemaError>("orm: the label \"{}\" appears twice in a subquery's select list", item.label);
    }
    used.insert(item.label);
    names.push_back(item.label);
  }
  return names;
}

void throw_unknown_column(std::string_view what, std::string_view name, std::string_view column) {
  raise<SchemaError>("orm: {} \"{}\" has no column \"{}\"", what, name, column);
}
void throw_column_type(std::string_view what, std::string_view name, std::string_view column) {
  raise<TypeError>("orm: column \"{}\" of {} \"{}\" has another type than the one asked for", column, what, name);
}
}  // namespace detail

namespace {

constexpr char kParamMark = '\x01';

struct ParamSlot {
  const ast::Node* node;  // identity: the same node renders the same $n on PostgreSQL
  Value value;
};

struct Buffer {
  std::string sql;
  std::vector<ParamSlot> params;
};

enum class Mode { kTop, kFromSubquery, kCte, kScalar, kCompoundPart };

int precedence(const ast::Node& node) {
  if (const auto* b = std::get_if<ast::Binary>(&node.v)) {
    switch (b->op) {
      case ast::BinaryOp::kOr:
        return 1;
      case ast::BinaryOp::kAnd:
        return 2;
      case ast::BinaryOp::kEq:
      case ast::BinaryOp::kNe:
      case ast::BinaryOp::kLt:
      case ast::BinaryOp::kLe:
      case ast::BinaryOp::kGt:
      case ast::BinaryOp::kGe:
        return 5;
      case ast::BinaryOp::kConcat:
        return 6;
      case ast::BinaryOp::kAdd:
      case ast::BinaryOp::kSub:
        return 7;
      case ast::BinaryOp::kMul:
      case ast::BinaryOp::kDiv:
      case ast::BinaryOp::kMod:
        return 8;
    }
  }
  if (const auto* u = std::get_if<ast::Unary>(&node.v)) {
    switch (u->op) {
      case ast::UnaryOp::kNot:
        return 3;
      case ast::UnaryOp::kIsNull:
      case ast::UnaryOp::kIsNotNull:
        return 5;
      case ast::UnaryOp::kNegate:
        return 9;
      case ast::UnaryOp::kDistinct:
        return 10;
    }
  }
  if (std::holds_alternative<ast::Between>(node.v) || std::holds_alternative<ast::InList>(node.v) ||
      std::holds_alternative<ast::InSelect>(node.v) || std::holds_alternative<ast::Like>(node.v)) {
    return 5;
  }
  return 100;
}

bool associative(ast::BinaryOp op) {
  return op == ast::BinaryOp::kAnd || op == ast::BinaryOp::kOr || op == ast::BinaryOp::kAdd ||
         op == ast::BinaryOp::kMul || op == ast::BinaryOp::kConcat;
}

std::string_view binary_op_sql(ast::BinaryOp op) {
  switch (op) {
    case ast::BinaryOp::kEq:
      return "=";
    case ast::BinaryOp::kNe:
      return "!=";
    case ast::BinaryOp::kLt:
      return "<";
    case ast::BinaryOp::kLe:
      return "<=";
    case ast::BinaryOp::kGt:
      return ">";
    case ast::BinaryOp::kGe:
      return ">=";
    case ast::BinaryOp::kAnd:
      return "AND";
    case ast::BinaryOp::kOr:
      return "OR";
    case ast::BinaryOp::kAdd:
      return "+";
    case ast::BinaryOp::kSub:
      return "-";
    case ast::BinaryOp::kMul:
      return "*";
    case ast::BinaryOp::kDiv:
      return "/";
    case ast::BinaryOp::kMod:
      return "%";
    case ast::BinaryOp::kConcat:
      return "||";
  }
  return "?";
}

std::string_view set_op_sql(ast::SetOp op) {
  switch (op) {
    case ast::SetOp::kUnion:
      return " UNION ";
    case ast::SetOp::kUnionAll:
      return " UNION ALL ";
    case ast::SetOp::kIntersect:
      return " INTERSECT ";
    case ast::SetOp::kExcept:
      return " EXCEPT ";
  }
  return " UNION ";
}

class Renderer {
 public:
  explicit Renderer(Dialect dialect) : dialect_(dialect), pg_(dialect == Dialect::kPostgresql) {}

  CompiledSql finish() {
    CompiledSql result;
    std::map<const ast::Node*, size_t> numbers;
    size_t next = 0;
    result.sql.reserve(out_.sql.size() + out_.params.size() * 2);
    for (char ch : out_.sql) {
      if (ch != kParamMark) {
        result.sql += ch;
        continue;
      }
      const ParamSlot& slot = out_.params[next++];
      if (!pg_) {
        result.sql += '?';
        result.params.push_back(slot.value);
        continue;
      }
      size_t number = 0;
      auto it = slot.node != nullptr ? numbers.find(slot.node) : numbers.end();
      if (it != numbers.end()) {
        number = it->second;
      } else {
        result.params.push_back(slot.value);
        number = result.params.size();
        if (slot.node != nullptr) numbers.emplace(slot.node, number);
      }
      result.sql += fmt::format("${}", number);
    }
    return result;
  }

  // A whole SELECT statement: the body, with every CTE it names hoisted into one WITH clause in front.
  void select_statement(const ast::SelectNode& node) {
    Buffer saved = take();
    const size_t first_cte = ctes_.size();
    select(node, Mode::kTop);
    Buffer body = take();
    std::map<std::string, Buffer> bodies;
    for (size_t i = first_cte; i < ctes_.size(); ++i) {
      const auto def = ctes_[i];
      current_cte_.push_back(def->name);
      select(*def->select, Mode::kCte);
      current_cte_.pop_back();
      bodies[def->name] = take();
    }
    restore(std::move(saved));
    if (ctes_.size() > first_cte) {
      // Dependencies first (depth-first post-order over the CTEs' references to each other).
      std::vector<std::shared_ptr<const ast::CteDef>> order;
      std::set<std::string> visited;
      std::function<void(const std::shared_ptr<const ast::CteDef>&)> visit = [&](const auto& def) {
        if (!visited.insert(def->name).second) return;
        for (const std::string& dep : cte_deps_[def->name]) {
          for (size_t i = first_cte; i < ctes_.size(); ++i) {
            if (ctes_[i]->name == dep) visit(ctes_[i]);
          }
        }
        order.push_back(def);
      };
      bool recursive = false;
      for (size_t i = first_cte; i < ctes_.size(); ++i) {
        visit(ctes_[i]);
        recursive = recursive || ctes_[i]->recursive;
      }
      out_.sql += recursive ? "WITH RECURSIVE " : "WITH ";
      bool first = true;
      for (const auto& def : order) {
        if (!first) out_.sql += ", \n";
        first = false;
        out_.sql += def->name;
        if (def->recursive && !def->columns.empty()) out_.sql += fmt::format("({})", fmt::join(def->columns, ", "));
        out_.sql += " AS \n(";
        append(bodies[def->name]);
        out_.sql += ")";
      }
      out_.sql += "\n ";
    }
    append(body);
  }

  void insert(const ast::InsertNode& node) {
    out_.sql += "INSERT INTO " + node.table;
    if (!node.columns.empty()) out_.sql += fmt::format(" ({})", fmt::join(node.columns, ", "));
    scopes_.push_back({node.table});
    if (node.select) {
      out_.sql += " ";
      select_statement(*node.select);
    } else if (!node.rows.empty()) {
      out_.sql += " VALUES ";
      for (size_t r = 0; r < node.rows.size(); ++r) {
        if (r > 0) out_.sql += ", ";
        out_.sql += "(";
        list(node.rows[r]);
        out_.sql += ")";
      }
    } else {
      out_.sql += " DEFAULT VALUES";
    }
    if (node.on_conflict) {
      const ast::OnConflict& oc = *node.on_conflict;
      out_.sql += " ON CONFLICT";
      if (!oc.target.empty()) out_.sql += fmt::format(" ({})", fmt::join(oc.target, ", "));
      if (oc.set.empty()) {
        out_.sql += " DO NOTHING";
      } else {
        out_.sql += " DO UPDATE SET ";
        assignments(oc.set, " = ");
        if (oc.where) {
          out_.sql += " WHERE ";
          expr(*oc.where);
        }
      }
    }
    returning(node.returning);
    scopes_.pop_back();
  }

  void update(const ast::UpdateNode& node) {
    out_.sql += "UPDATE ";
    from_item(node.table);
    out_.sql += " SET ";
    scopes_.push_back({key(*node.table)});
    assignments(node.set, "=");
    if (node.where) {
      out_.sql += " WHERE ";
      expr(*node.where);
    }
    returning(node.returning);
    scopes_.pop_back();
  }

  void del(const ast::DeleteNode& node) {
    out_.sql += "DELETE FROM ";
    from_item(node.table);
    scopes_.push_back({key(*node.table)});
    if (node.where) {
      out_.sql += " WHERE ";
      expr(*node.where);
    }
    returning(node.returning);
    scopes_.pop_back();
  }

 private:
  Buffer take() { return std::exchange(out_, Buffer{}); }
  void restore(Buffer b) { out_ = std::move(b); }
  void append(const Buffer& b) {
    out_.sql += b.sql;
    out_.params.insert(out_.params.end(), b.params.begin(), b.params.end());
  }

  void param(const ast::Node* node, const Value& value) {
    out_.sql += kParamMark;
    out_.params.push_back(ParamSlot{node, value});
  }

  void register_cte(const std::shared_ptr<const ast::CteDef>& def) {
    if (!current_cte_.empty() && current_cte_.back() != def->name) cte_deps_[current_cte_.back()].insert(def->name);
    for (const auto& known : ctes_) {
      if (known->name == def->name) return;
    }
    ctes_.push_back(def);
  }

  // The name a FROM item is known by: alias, generated alias, or table / CTE name.
  std::string qualifier(const ast::FromItem& f) {
    switch (f.kind) {
      case ast::FromItem::Kind::kTable:
        if (f.anonymous) return generated(f, f.name);
        return f.alias.empty() ? f.name : f.alias;
      case ast::FromItem::Kind::kSubquery:
        return f.alias.empty() ? generated(f, "anon") : f.alias;
      case ast::FromItem::Kind::kCte:
        return f.name;
    }
    return f.name;
  }

  std::string generated(const ast::FromItem& f, const std::string& prefix) {
    auto it = generated_.find(&f);
    if (it != generated_.end()) return it->second;
    std::string name = fmt::format("{}_{}", prefix, ++counters_[prefix]);
    generated_.emplace(&f, name);
    return name;
  }

  static std::string key(const ast::FromItem& f) {
    switch (f.kind) {
      case ast::FromItem::Kind::kTable:
        if (f.anonymous) return fmt::format("table@{}", static_cast<const void*>(&f));
        return f.alias.empty() ? f.name : f.name + " AS " + f.alias;
      case ast::FromItem::Kind::kSubquery:
        return fmt::format("subquery@{}", static_cast<const void*>(&f));
      case ast::FromItem::Kind::kCte:
        return "cte:" + f.name;
    }
    return f.name;
  }

  void from_item(const ast::FromPtr& f) {
    switch (f->kind) {
      case ast::FromItem::Kind::kTable:
        out_.sql += f->name;
        if (f->anonymous || !f->alias.empty()) out_.sql += " AS " + qualifier(*f);
        break;
      case ast::FromItem::Kind::kSubquery:
        out_.sql += "(";
        select(*f->subquery, Mode::kFromSubquery);
        out_.sql += ") AS " + qualifier(*f);
        break;
      case ast::FromItem::Kind::kCte:
        register_cte(f->cte);
        out_.sql += f->name;
        break;
    }
  }

  // Tables named by column references in `node`, not descending into nested selects.
  static void collect_sources(const ast::Node& node, std::vector<ast::FromPtr>& out) {
    std::visit(
        [&](const auto& n) {
          using N = std::decay_t<decltype(n)>;
          auto sub = [&](const ast::NodePtr& p) {
            if (p) collect_sources(*p, out);
          };
          if constexpr (std::is_same_v<N, ast::ColumnRef>) {
            out.push_back(n.source);
          } else if constexpr (std::is_same_v<N, ast::Unary>) {
            sub(n.operand);
          } else if constexpr (std::is_same_v<N, ast::Binary>) {
            sub(n.lhs);
            sub(n.rhs);
          } else if constexpr (std::is_same_v<N, ast::Func>) {
            for (const auto& a : n.args) sub(a);
          } else if constexpr (std::is_same_v<N, ast::Round>) {
            sub(n.value);
            sub(n.digits);
          } else if constexpr (std::is_same_v<N, ast::Cast> || std::is_same_v<N, ast::Extract>) {
            sub(n.value);
          } else if constexpr (std::is_same_v<N, ast::Case>) {
            for (const auto& [c, v] : n.whens) {
              sub(c);
              sub(v);
            }
            sub(n.else_value);
          } else if constexpr (std::is_same_v<N, ast::Between>) {
            sub(n.value);
            sub(n.low);
            sub(n.high);
          } else if constexpr (std::is_same_v<N, ast::InList>) {
            sub(n.value);
            for (const auto& a : n.items) sub(a);
          } else if constexpr (std::is_same_v<N, ast::InSelect>) {
            sub(n.value);
          } else if constexpr (std::is_same_v<N, ast::Like>) {
            sub(n.value);
            sub(n.pattern);
          } else if constexpr (std::is_same_v<N, ast::Over>) {
            sub(n.function);
            for (const auto& a : n.window.partition_by) sub(a);
            for (const auto& o : n.window.order_by) sub(o.expr);
          }
        },
        node.v);
  }

  // The FROM list of a select: explicit froms, then the tables its columns and WHERE name, less the join
  // targets and, for a nested (correlated) select, less the tables of the enclosing selects.
  std::vector<ast::FromPtr> froms_of(const ast::SelectNode& node, bool correlate) {
    std::vector<ast::FromPtr> result;
    std::set<std::string> keys;
    std::set<std::string> joined;
    for (const ast::Join& j : node.joins) joined.insert(key(*j.target));
    for (const ast::FromPtr& f : node.froms) {
      if (keys.insert(key(*f)).second) result.push_back(f);
    }
    std::vector<ast::FromPtr> inferred;
    for (const ast::SelectItem& item : node.columns) collect_sources(*item.expr, inferred);
    if (node.where) collect_sources(*node.where, inferred);
    std::vector<ast::FromPtr> own;
    for (const ast::FromPtr& f : inferred) {
      const std::string k = key(*f);
      if (joined.count(k) != 0 || keys.count(k) != 0 || f->name == "excluded") continue;
      keys.insert(k);
      own.push_back(f);
    }
    if (correlate) {
      std::vector<ast::FromPtr> kept;
      for (const ast::FromPtr& f : own) {
        bool outer = false;
        for (const auto& scope : scopes_) {
          for (const std::string& k : scope) outer = outer || k == key(*f);
        }
        if (!outer) kept.push_back(f);
      }
      if (!kept.empty() || !result.empty() || !node.joins.empty()) own = std::move(kept);
    }
    result.insert(result.end(), own.begin(), own.end());
    return result;
  }

  void select(const ast::SelectNode& node, Mode mode) {
    for (const auto& def : node.ctes) register_cte(def);
    const bool nested_value = mode == Mode::kScalar;
    std::vector<ast::FromPtr> froms = froms_of(node, nested_value);
    std::vector<std::string> scope;
    for (const auto& f : froms) scope.push_back(key(*f));
    for (const auto& j : node.joins) scope.push_back(key(*j.target));
    scopes_.push_back(std::move(scope));

    out_.sql += node.distinct ? "SELECT DISTINCT " : "SELECT ";
    std::set<std::string> used;
    for (size_t i = 0; i < node.columns.size(); ++i) {
      const ast::SelectItem& item = node.columns[i];
      if (i > 0) out_.sql += ", ";
      expr(*item.expr);
      std::string label = item.label;
      std::string name = label;
      if (label.empty()) {
        if (const auto* ref = std::get_if<ast::ColumnRef>(&item.expr->v)) {
          name = ref->column;
          if (used.count(name) != 0) label = generated_label(item, name);
        } else {
          // SQLAlchemy labels unlabelled expressions: count_1, avg_1, anon_1.
          const auto* fn = std::get_if<ast::Func>(&item.expr->v);
          label = generated_label(item, fn != nullptr ? fn->name : "anon");
        }
      }
      if (!label.empty()) {
        out_.sql += " AS " + label;
        name = label;
      }
      used.insert(name);
    }
    if (!froms.empty() || !node.joins.empty()) {
      out_.sql += " \nFROM ";
      if (!froms.empty()) from_item(froms[0]);
      for (const ast::Join& j : node.joins) {
        switch (j.kind) {
          case ast::JoinKind::kInner:
            out_.sql += " JOIN ";
            break;
          case ast::JoinKind::kLeftOuter:
            out_.sql += " LEFT OUTER JOIN ";
            break;
          case ast::JoinKind::kFullOuter:
            out_.sql += " FULL OUTER JOIN ";
            break;
        }
        from_item(j.target);
        out_.sql += " ON ";
        expr(*j.on);
      }
      for (size_t i = 1; i < froms.size(); ++i) {
        out_.sql += ", ";
        from_item(froms[i]);
      }
    }
    if (node.where) {
      out_.sql += " \nWHERE ";
      expr(*node.where);
    }
    if (!node.group_by.empty()) {
      out_.sql += " GROUP BY ";
      list(node.group_by);
    }
    if (node.having) {
      out_.sql += " \nHAVING ";
      expr(*node.having);
    }
    scopes_.pop_back();
    for (const auto& [op, part] : node.compounds) {
      out_.sql += set_op_sql(op);
      select(*part, Mode::kCompoundPart);
    }
    if (!node.order_by.empty()) {
      out_.sql += " ORDER BY ";
      for (size_t i = 0; i < node.order_by.size(); ++i) {
        if (i > 0) out_.sql += ", ";
        order_item(node.order_by[i]);
      }
    }
    if (node.limit || node.offset) {
      out_.sql += "\n LIMIT ";
      if (node.limit) {
        expr(*node.limit);
      } else if (pg_) {
        out_.sql += "ALL";
      } else {
        out_.sql += "-1";  // SQLite needs a LIMIT before OFFSET
      }
      if (node.offset) {
        out_.sql += " OFFSET ";
        expr(*node.offset);
      }
    }
  }

  // A generated select-list label (name_1, avg_1, anon_1), stable for the item's node so a select rendered
  // twice (a scalar subquery in SELECT and WHERE) reads the same.
  std::string generated_label(const ast::SelectItem& item, const std::string& prefix) {
    auto it = labels_.find(item.expr.get());
    if (it != labels_.end()) return it->second;
    std::string label = fmt::format("{}_{}", prefix, ++label_counters_[prefix]);
    labels_.emplace(item.expr.get(), label);
    return label;
  }

  void order_item(const ast::OrderItem& o) {
    expr(*o.expr);
    if (o.direction == ast::Direction::kAsc) out_.sql += " ASC";
    if (o.direction == ast::Direction::kDesc) out_.sql += " DESC";
    if (o.nulls == ast::Nulls::kFirst) out_.sql += " NULLS FIRST";
    if (o.nulls == ast::Nulls::kLast) out_.sql += " NULLS LAST";
  }

  void list(const std::vector<ast::NodePtr>& nodes) {
    for (size_t i = 0; i < nodes.size(); ++i) {
      if (i > 0) out_.sql += ", ";
      expr(*nodes[i]);
    }
  }

  void assignments(const std::vector<ast::Assignment>& set, std::string_view eq) {
    for (size_t i = 0; i < set.size(); ++i) {
      if (i > 0) out_.sql += ", ";
      out_.sql += set[i].column;
      out_.sql += eq;
      expr(*set[i].value);
    }
  }

  void returning(const std::vector<ast::SelectItem>& items) {
    if (items.empty()) return;
    out_.sql += " RETURNING ";
    for (size_t i = 0; i < items.size(); ++i) {
      if (i > 0) out_.sql += ", ";
      expr(*items[i].expr);
      if (!items[i].label.empty()) out_.sql += " AS " + items[i].label;
    }
  }

  // An operand, in parentheses when it binds looser than its parent operator.
  void operand(const ast::Node& child, int parent_precedence, bool right_side, bool parent_associative) {
    const int p = precedence(child);
    const bool parens = p < parent_precedence || (p == parent_precedence && right_side && !parent_associative);
    if (parens) out_.sql += "(";
    expr(child);
    if (parens) out_.sql += ")";
  }

  void nested_select(const ast::SelectNode& node) {
    out_.sql += "(";
    select(node, Mode::kScalar);
    out_.sql += ")";
  }

  void expr(const ast::Node& node) {
    std::visit([&](const auto& n) { render(node, n); }, node.v);
  }

  // ----------------------------------------------------------------------------- one overload per node
  void render(const ast::Node&, const ast::ColumnRef& n) { out_.sql += qualifier(*n.source) + "." + n.column; }
  void render(const ast::Node& node, const ast::Param& n) { param(&node, n.value); }
  void render(const ast::Node&, const ast::Keyword& n) { out_.sql += n.sql; }
  void render(const ast::Node&, const ast::BoolLiteral& n) {
    out_.sql += pg_ ? (n.value ? "true" : "false") : (n.value ? "1" : "0");
  }
  void render(const ast::Node& node, const ast::Unary& n) {
    const int p = precedence(node);
    switch (n.op) {
      case ast::UnaryOp::kNot:
        out_.sql += "NOT ";
        if (precedence(*n.operand) < 100) {
          out_.sql += "(";
          expr(*n.operand);
          out_.sql += ")";
        } else {
          expr(*n.operand);
        }
        break;
      case ast::UnaryOp::kNegate:
        out_.sql += "-";
        operand(*n.operand, p, true, false);
        break;
      case ast::UnaryOp::kIsNull:
        operand(*n.operand, p, false, false);
        out_.sql += " IS NULL";
        break;
      case ast::UnaryOp::kIsNotNull:
        operand(*n.operand, p, false, false);
        out_.sql += " IS NOT NULL";
        break;
      case ast::UnaryOp::kDistinct:
        out_.sql += "DISTINCT ";
        expr(*n.operand);
        break;
    }
  }
  void render(const ast::Node& node, const ast::Binary& n) {
    const int p = precedence(node);
    const bool assoc = associative(n.op);
    operand(*n.lhs, p, false, assoc);
    out_.sql += " ";
    out_.sql += binary_op_sql(n.op);
    out_.sql += " ";
    // The right operand of an associative operator needs parentheses only if it is another operator of
    // lower precedence; of a non-associative one, also at equal precedence (a - (b - c)).
    operand(*n.rhs, p, true, assoc && std::holds_alternative<ast::Binary>(n.rhs->v) &&
                                 std::get<ast::Binary>(n.rhs->v).op == n.op);
  }
  void render(const ast::Node&, const ast::Func& n) {
    out_.sql += n.name + "(";
    list(n.args);
    out_.sql += ")";
  }
  void render(const ast::Node&, const ast::Round& n) {
    out_.sql += "round(";
    if (pg_ && n.value_is_double && n.digits) {
      // PostgreSQL has round(numeric, integer) and round(double precision), not round(double precision,
      // integer) (../shared/seed/expected/COMPARISON.md, queries 01 and 03).
      out_.sql += "CAST(";
      expr(*n.value);
      out_.sql += " AS NUMERIC)";
    } else {
      expr(*n.value);
    }
    if (n.digits) {
      out_.sql += ", ";
      expr(*n.digits);
    }
    out_.sql += ")";
  }
  void render(const ast::Node&, const ast::Cast& n) {
    out_.sql += "CAST(";
    expr(*n.value);
    out_.sql += " AS " + sql_type_name(n.type, dialect_) + ")";
  }
  void render(const ast::Node&, const ast::Case& n) {
    out_.sql += "CASE";
    for (const auto& [condition, value] : n.whens) {
      out_.sql += " WHEN ";
      const bool parens = precedence(*condition) < 100;
      if (parens) out_.sql += "(";
      expr(*condition);
      if (parens) out_.sql += ")";
      out_.sql += " THEN ";
      expr(*value);
    }
    if (n.else_value) {
      out_.sql += " ELSE ";
      expr(*n.else_value);
    }
    out_.sql += " END";
  }
  void render(const ast::Node& node, const ast::Between& n) {
    operand(*n.value, precedence(node), false, false);
    out_.sql += n.negated ? " NOT BETWEEN " : " BETWEEN ";
    operand(*n.low, precedence(node) + 1, false, false);
    out_.sql += " AND ";
    operand(*n.high, precedence(node) + 1, false, false);
  }
  void render(const ast::Node& node, const ast::InList& n) {
    if (n.items.empty()) {
      out_.sql += n.negated ? "1 = 1" : "1 != 1";  // x IN () is not SQL; an empty list matches nothing
      return;
    }
    operand(*n.value, precedence(node), false, false);
    out_.sql += n.negated ? " NOT IN (" : " IN (";
    list(n.items);
    out_.sql += ")";
  }
  void render(const ast::Node& node, const ast::InSelect& n) {
    operand(*n.value, precedence(node), false, false);
    out_.sql += n.negated ? " NOT IN " : " IN ";
    nested_select(*n.select);
  }
  void render(const ast::Node& node, const ast::Like& n) {
    const std::string_view op = n.negated ? " NOT LIKE " : " LIKE ";
    if (n.case_insensitive && !pg_) {
      // SQLite has no ILIKE: lower(x) LIKE lower(pattern), as SQLAlchemy renders it.
      out_.sql += "lower(";
      expr(*n.value);
      out_.sql += ")";
      out_.sql += op;
      out_.sql += "lower(";
      expr(*n.pattern);
      out_.sql += ")";
      return;
    }
    operand(*n.value, precedence(node), false, false);
    out_.sql += n.case_insensitive ? (n.negated ? " NOT ILIKE " : " ILIKE ") : op;
    operand(*n.pattern, precedence(node) + 1, false, false);
  }
  void render(const ast::Node&, const ast::Extract& n) {
    static constexpr std::string_view kPg[] = {"year", "month", "day", "hour", "minute", "second", "dow", "doy"};
    static constexpr std::string_view kSqlite[] = {"%Y", "%m", "%d", "%H", "%M", "%S", "%w", "%j"};
    const auto index = static_cast<size_t>(n.part);
    if (pg_) {
      out_.sql += fmt::format("EXTRACT({} FROM ", kPg[index]);
      expr(*n.value);
      out_.sql += ")";
    } else {
      out_.sql += fmt::format("CAST(STRFTIME('{}', ", kSqlite[index]);
      expr(*n.value);
      out_.sql += ") AS INTEGER)";
    }
  }
  void render(const ast::Node&, const ast::ScalarSubquery& n) { nested_select(*n.select); }
  void render(const ast::Node&, const ast::Exists& n) {
    out_.sql += "EXISTS ";
    nested_select(*n.select);
  }
  void render(const ast::Node&, const ast::LabelRef& n) { out_.sql += n.name; }
  void render(const ast::Node&, const ast::Over& n) {
    expr(*n.function);
    out_.sql += " OVER (";
    bool space = false;
    if (!n.window.partition_by.empty()) {
      out_.sql += "PARTITION BY ";
      list(n.window.partition_by);
      space = true;
    }
    if (!n.window.order_by.empty()) {
      if (space) out_.sql += " ";
      out_.sql += "ORDER BY ";
      for (size_t i = 0; i < n.window.order_by.size(); ++i) {
        if (i > 0) out_.sql += ", ";
        order_item(n.window.order_by[i]);
      }
      space = true;
    }
    if (n.window.frame) {
      if (space) out_.sql += " ";
      const ast::Frame& f = *n.window.frame;
      out_.sql += f.rows ? "ROWS BETWEEN " : "RANGE BETWEEN ";
      frame_bound(f.start);
      out_.sql += " AND ";
      frame_bound(f.end);
    }
    out_.sql += ")";
  }

  void frame_bound(const ast::FrameBound& b) {
    switch (b.kind) {
      case ast::FrameBound::Kind::kUnboundedPreceding:
        out_.sql += "UNBOUNDED PRECEDING";
        break;
      case ast::FrameBound::Kind::kPreceding:
        out_.sql += fmt::format("{} PRECEDING", b.offset);
        break;
      case ast::FrameBound::Kind::kCurrentRow:
        out_.sql += "CURRENT ROW";
        break;
      case ast::FrameBound::Kind::kFollowing:
        out_.sql += fmt::format("{} FOLLOWING", b.offset);
        break;
      case ast::FrameBound::Kind::kUnboundedFollowing:
        out_.sql += "UNBOUNDED FOLLOWING";
        break;
    }
  }

  Dialect dialect_;
  bool pg_;
  Buffer out_;
  std::map<const ast::FromItem*, std::string> generated_;
  std::map<std::string, int> counters_;
  std::map<const ast::Node*, std::string> labels_;
  std::map<std::string, int> label_counters_;
  std::vector<std::vector<std::string>> scopes_;
  std::vector<std::shared_ptr<const ast::CteDef>> ctes_;
  std::map<std::string, std::set<std::string>> cte_deps_;
  std::vector<std::string> current_cte_;
};

}  // namespace

CompiledSql compile(const ast::SelectNode& select, Dialect dialect) {
  Renderer r(dialect);
  r.select_statement(select);
  return r.finish();
}

CompiledSql compile(const ast::InsertNode& insert, Dialect dialect) {
  Renderer r(dialect);
  r.insert(insert);
  return r.finish();
}

CompiledSql compile(const ast::UpdateNode& update, Dialect dialect) {
  Renderer r(dialect);
  r.update(update);
  return r.finish();
}

CompiledSql compile(const ast::DeleteNode& del, Dialect dialect) {
  Renderer r(dialect);
  r.del(del);
  return r.finish();
}

}  // namespace strata::orm
