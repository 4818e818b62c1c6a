// The ORM guide: two mapped structs, their DDL, typed INSERT and SELECT compiled for SQLite and PostgreSQL,
// run on SQLite in a file of the scratch folder, typed rows, results read as columnar tables, then the
// Session: add, cascade, commit, identity map, dirty tracking, loading, errors, and an optimistic version
// column with two connections.
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
#include "strata/orm/session.h"
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

// [versioned-model]
struct Shelf {  // copies of a book in a shop, changed by several clerks at once
  int32_t id = 0;
  std::string shop;
  int32_t copies = 0;
  int32_t version = 0;  // written by the session: 1 on INSERT, +1 on every UPDATE
};

namespace strata::orm {
template <>
inline constexpr auto mapping<Shelf> =
    table("shelf", column("id", &Shelf::id, primary_key()),
          column("shop", &Shelf::shop, length(40), default_value("main")),  // when left "" (as constructed)
          column("copies", &Shelf::copies), column("version", &Shelf::version, version_id()));
}  // namespace strata::orm
// [end versioned-model]

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

  // [session-add]
  Book silmarillion{.title = "The Silmarillion", .year = 1977, .price = 15.00};  // outlives the session
  Session session(*connection);
  Author* tolkien = session.add(Author{.name = "J. R. R. Tolkien", .country = "GB"});  // pending, owned
  Book* hobbit = session.add(Book{.title = "The Hobbit", .year = 1937, .price = 12.50});
  session.link(tolkien, &Author::books, hobbit);  // both sides: tolkien->books has it, hobbit->author is tolkien
  tolkien->books.push_back(&silmarillion);        // not added: the save-update cascade adds it at the flush
  session.commit();  // INSERT the author, then the books (author_id copied), keys assigned back; COMMIT
  std::cout << tolkien->id << " " << hobbit->author_id << " " << silmarillion.id << "\n";  // 3 3 5
  // [end session-add]
  ok = ok && tolkien->id == 3 && hobbit->id == 4 && hobbit->author_id == 3 && silmarillion.id == 5 &&
       silmarillion.author_id == 3 && silmarillion.author.get() == tolkien;

  // [session-dirty]
  Author* same = session.get<Author>(3);  // the identity map: the same object, no SELECT
  hobbit->price = 10.00;
  session.commit();     // UPDATE book SET price = ? WHERE id = ?: the changed column only
  hobbit->year = 1900;  // a change not committed ...
  session.flush();      // (even if flushed) ...
  session.rollback();   // ... is undone in the database and in memory: hobbit->year is 1937 again
  // [end session-dirty]
  ok = ok && same == tolkien && hobbit->year == 1937 && hobbit->price == 10.00;

  // [session-load]
  Session reader(*connection);
  for (Author* a : reader.execute(select<Author>().order_by(&Author::id), selectin(&Author::books))) {
    std::cout << a->name << ": " << a->books.size() << " books\n";  // one more SELECT for every author's books
  }
  for (Book* b : reader.execute(select<Book>().where(col(&Book::year) > 1970), joined(&Book::author))) {
    std::cout << b->title << " by " << b->author->name << "\n";  // LEFT OUTER JOIN author: the same statement
  }
  Session lazy(*connection);
  Book* solaris = lazy.get<Book>(3);  // its author is not loaded yet
  std::cout << solaris->author->name << "\n";  // lazy: this read runs SELECT ... FROM author, then from memory
  for (Book* b : solaris->author->books) std::cout << b->title << "\n";  // one SELECT for the collection
  Author* lem = lazy.load(solaris, &Book::author);  // the same, explicitly (loaded already: no statement)
  Book copy = *solaris;  // a copy is detached: what was not loaded stays unloaded and raises when read
  // [end session-load]
  bool detached = false;
  try {
    (void)copy.author->books.size();  // loaded on the session's object before the copy: fine
    Author outside = *lem;
    (void)outside.books.empty();  // loaded: fine
    Book never = *lazy.get<Book>(1);
    (void)never.author.get();  // not loaded when copied
  } catch (const DetachedInstanceError&) {
    detached = true;
  }
  ok = ok && lem != nullptr && lem->name == "Stanisław Lem" && lem->books.size() == 1 && detached;

  // [session-errors]
  Author* again = session.add(Author{.name = "Stanisław Lem"});  // the name is unique
  try {
    session.commit();
  } catch (const sql::IntegrityError& e) {  // the flush wrote nothing; `again` is pending, its id still 0
    std::cout << "refused: " << e.server_message() << "\n";
    session.rollback();      // the session is usable again
    session.remove(again);   // drop the pending object from the unit of work
  }
  // [end session-errors]
  ok = ok && again->id == 0 && !session.is_pending(again);

  // [session-version]
  for (const std::string& ddl : Metadata::of<Shelf>().create_all(connection->dialect())) connection->execute(ddl);
  Shelf* stock = session.add(Shelf{.copies = 10});
  session.commit();  // stock->version == 1, stock->shop == "main"
  auto other = sql::connect(url);  // a second clerk
  Session clerk(*other);
  Shelf* seen = clerk.get<Shelf>(stock->id);
  clerk.commit();        // ends clerk's read transaction (on SQLite an older snapshot could not write)
  stock->copies -= 1;    // the first clerk sells one:
  session.commit();      // UPDATE shelf SET copies = 9, version = 2 WHERE id = 1 AND version = 1
  seen->copies -= 2;     // the second clerk, still at version 1, sells two:
  try {
    clerk.commit();      // ... WHERE id = 1 AND version = 1 matches no row
  } catch (const StaleDataError& e) {
    std::cout << e.what() << "\n";  // names the table, the key and the expected version
    clerk.rollback();
    clerk.refresh(seen);  // copies 9, version 2
    seen->copies -= 2;
    clerk.commit();       // copies 7, version 3
  }
  // [end session-version]
  ok = ok && stock->shop == "main" && seen->copies == 7 && seen->version == 3;
  if (!ok) std::cerr << "orm example: unexpected rows\n";
  return ok ? 0 : 1;
}
