"""Two changes to the pinned runtime's glue (``pyodide.asm.js``) that make every start cheaper.

The interpreter is an Emscripten *main module* built for dynamic linking. When it is
instantiated, Emscripten's linker, written in JavaScript, runs over all of its exports: 9,708
of them, 8,579 functions, in Pyodide 0.29.5.

* ``updateGOT`` makes a global offset table (GOT) entry for every export. For each function it
  also finds or makes a slot in the function table (``addFunction``: one ``table.grow(1)`` per
  function not already there). Then ``reportUndefinedSymbols`` walks all those entries again.
  The GOT is there so that a *later* shared library can find the main module's symbols. The
  interpreter itself reads only the entries it imports (283 here). Our site loads no shared
  library.
* ``mergeLibSymbols`` copies every export into the symbol table, through ``Object.entries``
  and one closure per export.

Measured in three paired runs of repeat visits (7-9 visits per arm, medians, marks added in a
copy of the glue): from instantiation to the end of linking took 169, 225 and 130 ms with the
stock glue, 80, 110 and 64 ms with these changes. The engine was ready 140, 74 and 120 ms sooner
(fewer objects also meant less garbage collection later in the start).

What changes:

1. ``relocateMainExports`` replaces ``relocateExports`` for the main module only. It relocates
   the exports exactly as before. It makes GOT entries for the data symbols, as before. For a
   function, it fills only an entry the interpreter imported: one that already exists. A
   library loaded later still gets every main-module symbol it asks for: Emscripten's
   ``GOTHandler`` makes the missing entry when the library is instantiated, and its
   ``reportUndefinedSymbols`` then fills it from the symbol table, as it does for any symbol.
   Only the function-table slots differ (fewer, so other numbers). A memory snapshot holds
   such slot numbers, so the worker keys its snapshot by this file's sha256 too: one made
   with another glue is never loaded (engine.json ``runtime_sha256``).
2. ``mergeLibSymbols``: the same copy, as a plain loop, in the same order (own enumerable
   keys of a plain object, as ``Object.entries`` gives them).

Each replacement must match the pinned glue exactly once, or the build stops
(:class:`RuntimePatchError`), naming the piece: a new runtime version means re-reading
Emscripten's linker before carrying these over. The bench's bare ``loadPyodide()`` keeps the
stock glue.
"""

from __future__ import annotations

from dataclasses import dataclass


class RuntimePatchError(RuntimeError):
    """The glue does not contain a piece exactly once: not the runtime these changes were made for."""


@dataclass(frozen=True)
class Replacement:
    name: str
    old: str
    new: str


MAIN_EXPORTS = Replacement(
    "the main module's exports relocated without a GOT entry per function",
    "wasmExports=instance.exports;wasmExports=relocateExports(wasmExports,1024);",
    "wasmExports=instance.exports;wasmExports=relocateMainExports(wasmExports,1024);",
)

# Defined beside Emscripten's own relocateExports (inserted before the next definition).
RELOCATE_MAIN = Replacement(
    "relocateMainExports defined",
    "var isSymbolDefined=",
    """
/* site patch (build_tools/runtime_patch.py): relocateExports + updateGOT for the main module,
   with GOT entries for data symbols and for the functions the module imports through the GOT
   (those entries exist already, made by GOTHandler while it was instantiated). A library loaded
   later gets its entries from GOTHandler and reportUndefinedSymbols, as for any symbol. */
var relocateMainExports=(exports,memoryBase)=>{
  var relocated={};
  for(var e in exports){var value=exports[e];if(typeof value=="object"){value=value.value}
    if(typeof value=="number"){value+=memoryBase}relocated[e]=value}
  for(var symName in relocated){
    if(isInternalSym(symName)){continue}
    var value=relocated[symName];
    if(typeof value=="function"){var entry=GOT[symName];if(entry&&entry.value==0){entry.value=addFunction(value)}}
    else if(typeof value=="number"){GOT[symName]||=new WebAssembly.Global({value:"i32",mutable:true});
      if(GOT[symName].value==0){GOT[symName].value=value}}
    else{err(`unhandled export type for '${symName}': ${typeof value}`)}}
  return relocated};
var isSymbolDefined=""",
)

MERGE_SYMBOLS = Replacement(
    "mergeLibSymbols as a plain loop",
    'var mergeLibSymbols=(exports,libName)=>{for(var[sym,exp]of Object.entries(exports)){const setImport=target=>'
    '{if(!isSymbolDefined(target)){wasmImports[target]=exp}};setImport(sym);const main_alias="__main_argc_argv";'
    'if(sym=="main"){setImport(main_alias)}if(sym==main_alias){setImport("main")}}};',
    """
/* site patch (build_tools/runtime_patch.py): the same copy without an array of entries and a
   closure per export. */
var mergeLibSymbols=(exports,libName)=>{for(var sym in exports){var exp=exports[sym];
  if(!isSymbolDefined(sym)){wasmImports[sym]=exp}
  if(sym=="main"&&!isSymbolDefined("__main_argc_argv")){wasmImports["__main_argc_argv"]=exp}
  if(sym=="__main_argc_argv"&&!isSymbolDefined("main")){wasmImports["main"]=exp}}};""",
)

GLUE_REPLACEMENTS: tuple[Replacement, ...] = (MAIN_EXPORTS, RELOCATE_MAIN, MERGE_SYMBOLS)
GLUE = "pyodide.asm.js"


def patch_glue(text: str) -> str:
    """The glue with :data:`GLUE_REPLACEMENTS` applied; raises if a piece is not there exactly once."""
    for replacement in GLUE_REPLACEMENTS:
        found = text.count(replacement.old)
        if found != 1:
            raise RuntimePatchError(
                f"{GLUE}: expected the text for “{replacement.name}” once, found it {found} times. "
                "Is this the pinned Pyodide? See build_tools/runtime_patch.py before changing the version."
            )
        text = text.replace(replacement.old, replacement.new)
    return text
