strata_test(parquet_encoding_test
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/bit_pack_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/rle_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/plain_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/dictionary_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/delta_binary_packed_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/delta_byte_array_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/byte_stream_split_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/random_input_test.cpp
  LIBS strata_parquet)
