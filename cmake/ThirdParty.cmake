# Third-party libraries, all from Debian packages (see docs/dependencies.md).
# Each is an imported target linked PRIVATE by the one module that wraps it.
include(FindPkgConfig)

function(floe_find_lib target header lib)
  find_path(${target}_INCLUDE ${header} REQUIRED)
  find_library(${target}_LIB ${lib} REQUIRED)
  add_library(${target} UNKNOWN IMPORTED GLOBAL)
  set_target_properties(${target} PROPERTIES IMPORTED_LOCATION ${${target}_LIB}
                        INTERFACE_INCLUDE_DIRECTORIES ${${target}_INCLUDE})
endfunction()

floe_find_lib(ext_zstd zstd.h zstd)
floe_find_lib(ext_snappy snappy.h snappy)
floe_find_lib(ext_lz4 lz4.h lz4)
floe_find_lib(ext_zlib zlib.h z)
floe_find_lib(ext_brotlidec brotli/decode.h brotlidec)
floe_find_lib(ext_brotlienc brotli/encode.h brotlienc)
