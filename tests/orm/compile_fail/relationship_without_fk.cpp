// Must not compile: a many-to-one relationship whose model has no foreign key to the target.
#include "strata/orm/metadata.h"
struct Owner {
  int32_t id = 0;
};
struct Pet {
  int32_t id = 0;
  int32_t owner_id = 0;  // no orm::foreign_key
  strata::orm::One<Owner> owner;
};
template <>
inline constexpr auto strata::orm::mapping<Owner> = strata::orm::table("owner", strata::orm::column("id", &Owner::id));
template <>
inline constexpr auto strata::orm::mapping<Pet> =
    strata::orm::table("pet", strata::orm::column("id", &Pet::id), strata::orm::column("owner_id", &Pet::owner_id),
                       strata::orm::many_to_one(&Pet::owner, &Pet::owner_id));
auto info = strata::orm::describe<Pet>();
