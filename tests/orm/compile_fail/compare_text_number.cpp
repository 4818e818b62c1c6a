// Must not compile: a text column compared with a number.
#include "orm/models.h"
#include "strata/orm/select.h"
using namespace strata::orm;
void f() { (void)select(col(&Employee::id)).where(col(&Employee::email) == 5); }
