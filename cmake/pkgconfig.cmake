# Runs inside the install script, where CMAKE_INSTALL_PREFIX is the prefix
# actually installed to (it honours `cmake --install --prefix`).
function(h11_write_pc in out)
    foreach(kind LIBDIR INCLUDEDIR)
        set(dir "${CMAKE_INSTALL_${kind}}")
        if(IS_ABSOLUTE "${dir}")
            set(H11_PC_${kind} "${dir}")
        else()
            set(H11_PC_${kind} "\${prefix}/${dir}")
        endif()
    endforeach()
    set(H11_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
    configure_file("${in}" "${out}" @ONLY)
endfunction()
