// Must not compile: the sum of a text column.
#include "orm/models.h"
#include "strata/orm/select.h"
using namespace strata::orm;
void f() { (void)select(sum(&Employee::email)); }
