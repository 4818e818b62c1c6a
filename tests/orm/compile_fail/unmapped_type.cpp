// Must not compile: a member whose type has no SQL type.
#include <vector>
#include "strata/orm/mapping.h"
struct Bad {
  int32_t id = 0;
  std::vector<int> tags;
};
constexpr auto kBad = strata::orm::column("tags", &Bad::tags);
