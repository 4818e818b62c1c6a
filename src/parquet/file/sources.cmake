# The file level: schema mapping, column writer/reader, file writer/reader, statistics and pushdown.
list(APPEND PARQUET_SOURCES file/filter.cpp file/pushdown.cpp file/schema.cpp file/statistics.cpp)
