# Parquet value encodings (Encodings.md): one file per encoding, encoder and decoder together.
list(APPEND PARQUET_SOURCES
  encoding/encoding.cpp
  encoding/bit_pack.cpp
  encoding/rle.cpp
  encoding/plain.cpp
  encoding/dictionary.cpp
  encoding/delta_binary_packed.cpp
  encoding/delta_byte_array.cpp
  encoding/byte_stream_split.cpp)
