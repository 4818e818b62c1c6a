// The ORM guide: two mapped structs, their DDL, typed INSERT and SELECT compiled for SQLite and PostgreSQL,
// run on SQLite in a file of the scratch folder, typed rows, and results read as columnar tables.
#include <filesystem>
#include <iostream>
#include <string>
#include <tuple>
#include <type_traits>

// [models]
#include <cstdint>
#include <optional>
#include <string>

#include "strata/orm/orm.h"
#include "strata/orm/result.h"
#include "strata/sql/sql.h"

struct Book;

struct Author {
  int32_t id = 0;
  std::string name;
  std::optional<std::string> country;  // optional: a nullable column
  strata::orm::Many<Book> books;
};

struct Book {
  int32_t id = 0;
  std::string title;
  int32_t year = 0;
  double price = 0;
  int32_t author_id = 0;
  strata::orm::One<Author> author;
};

namespace strata::orm {
template <>
inline constexpr auto mapping<Author> =
    table("author", column("id", &Author::id, primary_key()),
          column("name", &Author::name, length(80), unique()),
          column("country", &Author::country, length(40)),
          one_to_many(&Author::books, &Book::author_id, back_populates(&Book::author)));

template <>
inline constexpr auto mapping<Book> =
    table("book", column("id", &Book::id, primary_key()), column("title", &Book::title, length(200)),
          column("year", &Book::year), column("price", &Book::price, numeric(8, 2)),
          column("author_id", &Book::author_id, foreign_key(&Author::id)),
          many_to_one(&Book::author, &Book::author_id, back_populates(&Author::books)));
}  // namespace strata::orm
// [end models]

using namespace strata;
using namespace strata::orm;

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  const std::string url = "sqlite:///" + (std::filesystem::path(argv[1]) / "books.db").string();

  // [ddl]
  auto connection = sql::connect(url);  // "sqlite://:memory:", "postgresql://user@host/db", ...
  auto metadata = Metadata::of<Author, Book>();
  for (const std::string& ddl : metadata.create_all(connection->dialect())) connection->execute(ddl);
  // [end ddl]

  // [insert]
  auto run = [&](const auto& statement) {
    CompiledSql q = to_sql(statement, connection->dialect());  // SQL text + bound values
    return connection->execute(q.sql, q.params);
  };
  run(insert<Author>()
          .values(set(&Author::id, 1), set(&Author::name, std::string("Ursula K. Le Guin")),
                  set(&Author::country, std::string("US")))
          .values(set(&Author::id, 2), set(&Author::name, std::string("Stanisław Lem")),
                  set(&Author::country, std::string("PL"))));
  run(insert<Book>()
          .values(set(&Book::title, std::string("The Dispossessed")), set(&Book::year, 1974),
                  set(&Book::price, 9.99), set(&Book::author_id, 1))
          .values(set(&Book::title, std::string("The Left Hand of Darkness")), set(&Book::year, 1969),
                  set(&Book::price, 8.50), set(&Book::author_id, 1))
          .values(set(&Book::title, std::string("Solaris")), set(&Book::year, 1961), set(&Book::price, 7.25),
                  set(&Book::author_id, 2)));
  // [end insert]

  // [select]
  auto per_author = select(col(&Author::name), count(&Book::id).as("books"), min(&Book::year).as("first"))
                        .join<Book>()  // ON author.id = book.author_id, from the foreign key
                        .where(col(&Book::price) < 9.0 || col(&Author::country) == std::string("US"))
                        .group_by(&Author::id)
                        .order_by(desc("books"));
  // Row type checked at compile time: name, count(...), min(...) of a column that may be empty.
  static_assert(std::is_same_v<decltype(per_author)::row_type,
                               std::tuple<std::string, int64_t, std::optional<int32_t>>>);
  std::cout << to_sql(per_author, Dialect::kPostgresql).sql << "\n";  // $1, $2 placeholders

  for (auto [name, books, first] : execute(*connection, per_author)) {
    std::cout << name << ": " << books << " books since " << first.value_or(0) << "\n";
  }  // Ursula K. Le Guin: 2 books since 1969, then Stanisław Lem: 1 books since 1961
  // [end select]

  // [to-table]
  columnar::Table books =
      execute(*connection, select(col(&Book::title), col(&Book::price)).order_by(col(&Book::year))).to_table();
  std::cout << books << "\n";
  sql::Result raw = connection->execute("SELECT count(*) FROM book");  // the driver underneath
  columnar::Table counted = sql::to_table(raw);
  // [end to-table]

  auto rows = execute(*connection, per_author).all();
  bool ok = rows.size() == 2 && std::get<0>(rows[0]) == "Ursula K. Le Guin" && std::get<1>(rows[0]) == 2 &&
            std::get<2>(rows[1]) == 1961 && books.num_rows() == 3 && counted.num_rows() == 1;
  if (!ok) std::cerr << "orm example: unexpected rows\n";
  return ok ? 0 : 1;
}
