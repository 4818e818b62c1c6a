// Must not compile: a subquery of whole model rows has no typed columns.
#include "orm/models.h"
#include "strata/orm/select.h"
using namespace strata::orm;
void f() { (void)select<Department>().subquery(); }
