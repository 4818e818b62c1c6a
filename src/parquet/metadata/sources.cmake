# parquet.thrift structures, their compact encoding, and the file footer.
list(APPEND PARQUET_SOURCES metadata/format_io.cpp metadata/format_names.cpp metadata/footer.cpp
  metadata/page_index.cpp)
