"""The members each type of the crate really has: its fields and variants, the items of its
inherent and trait impls, the methods of the crate traits and of the derives it takes, and what
blanket impls give every type. A type that implements a trait whose methods are not all known
(a foreign trait with provided methods, a derive not in `words.DERIVE_METHODS`) is *open*, and so
is a type a macro makes (its impls may come from the macro too).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .syntax import node_text
from .words import CLOSED_TRAITS, DERIVE_METHODS, UNIVERSAL_METHODS

if TYPE_CHECKING:
    from .crate import Crate


@dataclass(frozen=True)
class Members:
    """The members a type has, and whether unknown ones may still come from a trait."""

    names: frozenset[str]
    open: bool


def type_members(crate: Crate) -> dict[str, Members]:
    """Every type of the crate by its name (types of one name in several modules merged)."""
    trait_items: dict[str, set[str]] = {}
    for method, traits in crate.trait_methods.items():
        for declared in traits:
            trait_items.setdefault(declared.name, set()).add(method)
    blanket: set[str] = set()
    for fns in crate.functions.values():
        for fn in fns:
            impl = fn.impl_node
            if impl is not None and node_text(impl.child_by_field_name("type")) in fn.generics:
                blanket.add(fn.name)
                trait = node_text(impl.child_by_field_name("trait")).split("<")[0].rsplit("::", 1)[-1]
                blanket |= trait_items.get(trait, set())
    common = frozenset(blanket) | UNIVERSAL_METHODS
    names: dict[str, set[str]] = {}
    opened: set[str] = set()
    keys = set(crate.methods) | set(crate.fields) | set(crate.variants) | set(crate.derives)
    for key in keys:
        if key.module[:1] == ("?",):  # a foreign type: what it has is not the crate's to say
            continue
        own = names.setdefault(key.name, set())
        if key in crate.local_types:  # `string_wrapper!(EventChannel)`: the macro writes impls too
            opened.add(key.name)
        own |= set(crate.methods.get(key, {}))
        own |= set(crate.field_names.get(key, ()))  # every named field, its type read or not
        own |= set(crate.variants.get(key, {}))
        for derive in crate.derives.get(key, ()):
            if derive in DERIVE_METHODS:
                own |= DERIVE_METHODS[derive]
            elif derive in trait_items:
                own |= trait_items[derive]
            else:
                opened.add(key.name)
        for trait in crate.trait_impls.get(key, ()):
            if trait in trait_items:
                own |= trait_items[trait]
            elif trait in CLOSED_TRAITS:
                own |= CLOSED_TRAITS[trait]
            elif trait not in DERIVE_METHODS:
                opened.add(key.name)
    return {name: Members(frozenset(own) | common, name in opened) for name, own in names.items()}
