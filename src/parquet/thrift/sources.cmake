# Thrift compact protocol (parquet metadata's byte format).
list(APPEND PARQUET_SOURCES thrift/compact_protocol.cpp)
