// Must not compile: two foreign keys (employee_id, project_id) link ProjectAssignment with the selected models.
#include "orm/models.h"
#include "strata/orm/select.h"
using namespace strata::orm;
void f() { (void)select(col(&Employee::id), col(&Project::id)).join<ProjectAssignment>(); }
