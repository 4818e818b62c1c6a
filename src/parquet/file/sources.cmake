# The file level: schema mapping, column writer/reader, file writer/reader, statistics and pushdown.
list(APPEND PARQUET_SOURCES file/column_reader.cpp file/column_writer.cpp file/file_reader.cpp file/file_writer.cpp file/filter.cpp file/nested_reader.cpp file/page.cpp file/pushdown.cpp file/row_filter.cpp file/schema.cpp file/snappy_decode.cpp file/statistics.cpp)
