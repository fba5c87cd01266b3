# SPDX-License-Identifier: GPL-2.0-or-later
# Installing and packaging tiengdan: the manual pages (generated at build
# time from the daemon's key table and the console's command table), the
# files of a system install, and a Debian package built by CPack
# (scripts/package builds it, scripts/package-test installs it in a clean
# root). Configure with -DCMAKE_INSTALL_PREFIX=/usr for a system install.
include(GNUInstallDirs)

set(TIENGDAN_MAINTAINER "tiengdan maintainers <maintainers@tiengdan.example.org>"
    CACHE STRING "Maintainer field of the Debian package")
# Debian 12 keeps units and udev rules under /lib (merged /usr or not).
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  set(TIENGDAN_UNITDIR /lib/systemd/system)
  set(TIENGDAN_UDEVDIR /lib/udev/rules.d)
else()
  set(TIENGDAN_UNITDIR ${CMAKE_INSTALL_LIBDIR}/systemd/system)
  set(TIENGDAN_UDEVDIR ${CMAKE_INSTALL_LIBDIR}/udev/rules.d)
endif()

# ---------------------------------------------------------------- man pages

set(MAN_DIR ${CMAKE_BINARY_DIR}/man)
file(MAKE_DIRECTORY ${MAN_DIR} ${MAN_DIR}/vi)
set(MAN_SCRIPT ${CMAKE_SOURCE_DIR}/cmake/man_page.cmake)
add_custom_command(
  OUTPUT ${MAN_DIR}/tiengdan.conf.5.gz
  COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:tiengdand> -DARGS=--man
          -DOUTPUT=${MAN_DIR}/tiengdan.conf.5 -P ${MAN_SCRIPT}
  DEPENDS tiengdand $<TARGET_FILE:tiengdand> ${MAN_SCRIPT}
  COMMENT "tiengdan.conf(5) from the table of configuration keys")
add_custom_command(
  OUTPUT ${MAN_DIR}/tiengdan.1.gz
  COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:tiengdan> "-DARGS=--lang\;en\;--man"
          -DOUTPUT=${MAN_DIR}/tiengdan.1 -P ${MAN_SCRIPT}
  DEPENDS tiengdan $<TARGET_FILE:tiengdan> ${MAN_SCRIPT}
  COMMENT "tiengdan(1) from the table of console commands")
add_custom_command(
  OUTPUT ${MAN_DIR}/vi/tiengdan.1.gz
  COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:tiengdan> "-DARGS=--lang\;vi\;--man"
          -DOUTPUT=${MAN_DIR}/vi/tiengdan.1 -P ${MAN_SCRIPT}
  DEPENDS tiengdan $<TARGET_FILE:tiengdan> ${MAN_SCRIPT}
  COMMENT "tiengdan(1) in Vietnamese")
add_custom_command(
  OUTPUT ${MAN_DIR}/tiengdand.8.gz
  COMMAND ${CMAKE_COMMAND} -DSOURCE=${CMAKE_SOURCE_DIR}/man/tiengdand.8
          -DVERSION=${PROJECT_VERSION} -DOUTPUT=${MAN_DIR}/tiengdand.8 -P ${MAN_SCRIPT}
  DEPENDS ${CMAKE_SOURCE_DIR}/man/tiengdand.8 ${MAN_SCRIPT}
  COMMENT "tiengdand(8)")
set(PKG_CHANGELOG ${CMAKE_BINARY_DIR}/packaging/changelog.Debian.gz)
configure_file(packaging/changelog ${CMAKE_BINARY_DIR}/packaging/changelog @ONLY)
add_custom_command(
  OUTPUT ${PKG_CHANGELOG}
  COMMAND gzip -9nc ${CMAKE_BINARY_DIR}/packaging/changelog > ${PKG_CHANGELOG}
  DEPENDS ${CMAKE_BINARY_DIR}/packaging/changelog
  COMMENT "changelog.Debian.gz")
add_custom_target(man ALL DEPENDS ${MAN_DIR}/tiengdan.conf.5.gz ${MAN_DIR}/tiengdan.1.gz
                                  ${MAN_DIR}/vi/tiengdan.1.gz ${MAN_DIR}/tiengdand.8.gz
                                  ${PKG_CHANGELOG})

# ---------------------------------------------------------------- install

install(FILES ${MAN_DIR}/tiengdan.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${MAN_DIR}/vi/tiengdan.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/vi/man1)
install(FILES ${MAN_DIR}/tiengdan.conf.5.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man5)
install(FILES ${MAN_DIR}/tiengdand.8.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man8)
install(FILES config/tiengdan.conf DESTINATION ${CMAKE_INSTALL_FULL_SYSCONFDIR}/tiengdan)
install(FILES config/geo-damrong.csv DESTINATION ${CMAKE_INSTALL_DATADIR}/tiengdan)
install(FILES systemd/tiengdand.service DESTINATION ${TIENGDAN_UNITDIR})
install(FILES packaging/sysusers.conf DESTINATION ${CMAKE_INSTALL_PREFIX}/lib/sysusers.d
        RENAME tiengdan.conf)
install(FILES packaging/tmpfiles.conf DESTINATION ${CMAKE_INSTALL_PREFIX}/lib/tmpfiles.d
        RENAME tiengdan.conf)
install(FILES packaging/61-tiengdan-modems.rules DESTINATION ${TIENGDAN_UDEVDIR})
install(FILES packaging/copyright ${PKG_CHANGELOG}
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
# The Cockpit page (web/): plain files, found by cockpit-bridge in its
# package folder.
install(DIRECTORY web/ DESTINATION ${CMAKE_INSTALL_DATADIR}/cockpit/tiengdan
        FILES_MATCHING PATTERN "*.json" PATTERN "*.html" PATTERN "*.css" PATTERN "*.js")

# ---------------------------------------------------------------- package

set(PKG_CONTROL ${CMAKE_BINARY_DIR}/packaging/control)
file(MAKE_DIRECTORY ${PKG_CONTROL})
file(WRITE ${PKG_CONTROL}/conffiles "${CMAKE_INSTALL_FULL_SYSCONFDIR}/tiengdan/tiengdan.conf\n")
foreach(script postinst prerm postrm)
  file(COPY packaging/${script} DESTINATION ${PKG_CONTROL}
       FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
                        WORLD_READ WORLD_EXECUTE)
endforeach()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME tiengdan)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${TIENGDAN_MAINTAINER}")
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${TIENGDAN_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION comm)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# adduser makes the system user where systemd-sysusers is missing; the zone
# files: timezone is validated against /usr/share/zoneinfo.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, tzdata")
# The staff console in a browser (https://<box>:9090) needs Cockpit.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "cockpit-ws, cockpit-bridge")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "SMS gateway for grassroots democracy in communes")
# The long description, under the summary line.
set(CPACK_PACKAGE_DESCRIPTION
    "tiengdand receives the SMS that villagers and village heads send from
feature phones (feedback, complaints, denunciation information, notice
acknowledgements, meeting reports, votes) through USB GSM modems driven
by libgammu, stores each one in SQLite before it leaves the SIM, opens
cases with deadlines in working days and answers each message with one
SMS. tiengdan is the staff console, talking to the daemon over a unix
socket with roles and an audit trail.")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${PKG_CONTROL}/conffiles;${PKG_CONTROL}/postinst;${PKG_CONTROL}/prerm;${PKG_CONTROL}/postrm")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
