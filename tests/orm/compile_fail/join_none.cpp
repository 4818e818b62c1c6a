// Must not compile: no foreign key links Project with Department.
#include "orm/models.h"
#include "strata/orm/select.h"
using namespace strata::orm;
void f() { (void)select(col(&Department::name)).join<Project>(); }
