// Everything in the sql/ layer: connect(), Result, Transaction, ConnectionPool, bulk_load / to_table, errors.
#pragma once

#include "strata/sql/bridge.h"
#include "strata/sql/connection.h"
#include "strata/sql/error.h"
#include "strata/sql/pool.h"
#include "strata/sql/transaction.h"
#include "strata/sql/value.h"
