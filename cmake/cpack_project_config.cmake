# SPDX-License-Identifier: MIT
# Read by cpack before it builds a package. The .deb takes its Depends from dpkg-shlibdeps,
# and CPack silently leaves Depends empty when that tool is missing, which would give a
# package that installs without the libraries it needs.
if(CPACK_GENERATOR STREQUAL "DEB")
    find_program(UG_DPKG_SHLIBDEPS dpkg-shlibdeps)
    if(NOT UG_DPKG_SHLIBDEPS)
        message(FATAL_ERROR "dpkg-shlibdeps not found, so the .deb would have no Depends; "
                            "install dpkg-dev (ci/setup.sh does) and run cpack again")
    endif()
endif()
