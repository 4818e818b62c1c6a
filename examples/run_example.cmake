# Runs one example in a fresh, empty folder (cmake -DEXE=... -DDIR=... -P run_example.cmake); fails on a
# non-zero exit.
file(REMOVE_RECURSE "${DIR}")
file(MAKE_DIRECTORY "${DIR}")
execute_process(COMMAND "${EXE}" "${DIR}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${EXE} exited with ${rc}")
endif()
