"""Rust's own names, the same in every crate: its keywords, its primitive types and the std types
every crate uses by their bare names.

Plain data (no tree-sitter), for the prose checks as much as for the engine.
"""

from __future__ import annotations

KEYWORDS = frozenset(
    [
        "as",
        "async",
        "await",
        "break",
        "const",
        "continue",
        "crate",
        "dyn",
        "else",
        "enum",
        "extern",
        "false",
        "fn",
        "for",
        "if",
        "impl",
        "in",
        "let",
        "loop",
        "match",
        "mod",
        "move",
        "mut",
        "pub",
        "ref",
        "return",
        "self",
        "Self",
        "static",
        "struct",
        "super",
        "trait",
        "true",
        "type",
        "union",
        "unsafe",
        "use",
        "where",
        "while",
    ]
)
PRIMITIVE_TYPES = frozenset(
    [
        "bool",
        "char",
        "str",
        "u8",
        "u16",
        "u32",
        "u64",
        "u128",
        "usize",
        "i8",
        "i16",
        "i32",
        "i64",
        "i128",
        "isize",
        "f32",
        "f64",
    ]
)
# Rust's keywords and primitive types: never unknown, never evidence of specific reasoning.
RUST_WORDS = KEYWORDS | PRIMITIVE_TYPES
STD_TYPES = frozenset(
    [
        "String",
        "Vec",
        "Option",
        "Result",
        "Box",
        "Arc",
        "Rc",
        "HashMap",
        "HashSet",
        "BTreeMap",
        "BTreeSet",
        "Cow",
    ]
)

# Macros that write to a log: a call whose error reaches only these is "only logged".
LOG_MACROS = frozenset(["warn", "error", "info", "debug", "trace", "event", "log", "eprintln", "println"])
# The log macros named for their level (`tracing::warn!` logs at warn), most severe first.
LOG_LEVELS = ("error", "warn", "info", "debug", "trace")
# Macros that end the task: a closure that runs one on an error panics with it.
PANIC_MACROS = frozenset(["panic", "unreachable", "todo", "unimplemented"])
# Methods that turn a `Result` or an `Option` into its value, with a fallback for the error.
FALLBACK_METHODS = frozenset(["unwrap_or_else", "unwrap_or_default", "unwrap_or"])
# Methods that panic on an error: the call's result is unwrapped.
UNWRAPPERS = frozenset(["unwrap", "expect"])
# Calls whose string argument is the message a panic carries (`.expect("…")`).
PANIC_MESSAGE_CALLS = frozenset(["expect", "expect_err", "unwrap_or_else"])
# Functions that run their argument as a task of its own, and that run several at once.
SPAWNERS = frozenset(["spawn", "spawn_blocking", "spawn_local"])
JOINERS = frozenset(["join", "try_join", "join_all", "try_join_all", "select", "join3", "try_join3", "join4"])
# Types a signature wraps its data in: a claim about a function's return or parameter names the
# data, and these are seen through (`Result<Json<MessageOut>>` returns a `MessageOut`).
RETURN_WRAPPERS = frozenset(
    ["Result", "Option", "Json", "JsonStatus", "JsonStatusUpsert", "Box", "Arc", "Rc", "Vec", "Pin"]
)

# The methods each derive gives a type. A derive missing here (sea-orm's, strum's others) may
# give any method: a type with one keeps the lenient rule of the prose checks.
DERIVE_METHODS: dict[str, frozenset[str]] = {
    "Debug": frozenset(["fmt"]),
    "Clone": frozenset(["clone", "clone_from"]),
    "Copy": frozenset(),
    "Default": frozenset(["default"]),
    "PartialEq": frozenset(["eq", "ne"]),
    "Eq": frozenset(),
    "Hash": frozenset(["hash"]),
    "PartialOrd": frozenset(["partial_cmp", "lt", "le", "gt", "ge"]),
    "Ord": frozenset(["cmp", "max", "min", "clamp"]),
    "Serialize": frozenset(["serialize"]),
    "Deserialize": frozenset(["deserialize"]),
    "JsonSchema": frozenset(["schema_name", "json_schema", "schema_id", "is_referenceable"]),
    "Validate": frozenset(["validate"]),
    "EnumIter": frozenset(["iter"]),
    "Error": frozenset(["source", "description", "cause", "fmt", "to_string"]),
    "IntoPrimitive": frozenset(["into"]),
    "TryFromPrimitive": frozenset(["try_from", "try_from_primitive"]),
    # aide's: the two traits' methods
    "OperationIo": frozenset(
        ["operation_input", "inferred_early_responses", "operation_response", "inferred_responses"]
    ),
}
# Methods every type has, or takes through a blanket impl of std (`Into` for every `From`).
UNIVERSAL_METHODS = frozenset(
    [
        "clone",
        "to_owned",
        "to_string",
        "into",
        "try_into",
        "from",
        "try_from",
        "as_ref",
        "as_mut",
        "borrow",
        "borrow_mut",
        "deref",
        "deref_mut",
        "eq",
        "ne",
        "fmt",
        "default",
        "type_id",
        "drop",
    ]
)
# std traits whose every method is known: implementing them opens a type to no other method.
CLOSED_TRAITS: dict[str, frozenset[str]] = {
    "From": frozenset(["from"]),
    "Into": frozenset(["into"]),
    "TryFrom": frozenset(["try_from"]),
    "TryInto": frozenset(["try_into"]),
    "Display": frozenset(["fmt", "to_string"]),
    "FromStr": frozenset(["from_str"]),
    "AsRef": frozenset(["as_ref"]),
    "Deref": frozenset(["deref"]),
    "DerefMut": frozenset(["deref_mut"]),
    "Drop": frozenset(["drop"]),
    "IntoResponse": frozenset(["into_response"]),
    # foreign traits whose methods are few and fixed (axum, tower, tower-http, aide, bb8)
    "FromRequestParts": frozenset(["from_request_parts"]),
    "FromRequest": frozenset(["from_request"]),
    "Service": frozenset(["poll_ready", "call"]),
    "OnResponse": frozenset(["on_response"]),
    "OnFailure": frozenset(["on_failure"]),
    "MakeSpan": frozenset(["make_span"]),
    "OperationInput": frozenset(["operation_input", "inferred_early_responses"]),
    "OperationOutput": frozenset(["operation_response", "inferred_responses"]),
    "ManageConnection": frozenset(["connect", "is_valid", "has_broken"]),
}

# the traits whose impl has one method, by that method: a text may name the impl for it
# (`Serialize for EndpointSecret` is its `serialize`)
ONE_METHOD_TRAITS: dict[str, str] = {
    trait: next(iter(methods)) for trait, methods in CLOSED_TRAITS.items() if len(methods) == 1
} | {"Serialize": "serialize", "Deserialize": "deserialize"}
# the variants of `Option` and `Result`, which every match on one names
OPTION_RESULT_VARIANTS = frozenset(["Some", "None", "Ok", "Err"])

# Wrappers a type alias may put around the type whose methods it offers (by Deref or directly):
# `type Db = Arc<DbPool>` offers `DbPool`'s methods.
ALIAS_WRAPPERS = frozenset(["Arc", "Box", "Rc", "Cow", "Mutex", "RwLock", "Pin"])
# what a type is written with but its shape leaves out (`&'a mut dyn T` is `T`)
TYPE_MODIFIERS = frozenset(["&", "mut", "dyn", "const"])
# Smart pointers and locks, seen through to the type they hold (`Arc<Mutex<T>>` is `T`).
SMART_POINTERS = frozenset(["Arc", "Box", "Rc", "Cow", "RefCell", "Mutex", "RwLock", "MutexGuard"])
# Collections whose `iter()`/`into_iter()`/`first()`… yield their one type argument.
ELEMENT_COLLECTIONS = frozenset(["Vec", "VecDeque", "HashSet", "BTreeSet", "BinaryHeap", "Option"])
# the collections whose elements a text may name for the whole ("a list of `T`s")
MANY_ELEMENTS = frozenset(["Vec", "VecDeque", "HashMap", "BTreeMap", "HashSet", "BTreeSet"])
# The crates of the standard library: a path into one is never the crate's own.
STD_CRATES = frozenset(["std", "core", "alloc"])
# Names a body uses bare without importing them (the prelude's types, traits, variants and
# functions, and the std types every crate imports): a call on one is std's, not the crate's.
PRELUDE = STD_TYPES | frozenset(
    [
        "Ok",
        "Err",
        "Some",
        "None",
        "drop",
        "Default",
        "From",
        "Into",
        "ToString",
        "ToOwned",
        "Clone",
        "Iterator",
        "Duration",
        "Mutex",
        "RwLock",
    ]
)
# The serde crates (and those built on it) whose functions deserialise into, or serialise from,
# their target type.
SERDE_CRATES = frozenset(["serde_json", "serde_path_to_error", "serde_yaml", "toml", "figment"])
# the bounds of a type parameter that reads data of any type (`D: Deserializer<'de>`)
ANY_DATA_READERS = frozenset(["Deserializer"])
# The items sea-orm defines in every entity module: the bare name is ambiguous across modules
# (`message::Model`, `endpoint::Model`).
SEA_ORM_ENTITY_ITEMS = ("Model", "ActiveModel", "Entity", "Column", "Relation")
# The first segments of a path that name the crate itself (or a module relative to it).
CRATE_PREFIXES = ("crate", "self", "super", "svix_server")
# Names every crate uses (std types and traits, their variants, the commonest methods): never
# evidence that prose reasons about a record's own code.
GENERIC_NAMES = frozenset(
    [
        "Result",
        "Option",
        "Vec",
        "String",
        "Box",
        "Arc",
        "Rc",
        "Ok",
        "Err",
        "Some",
        "None",
        "Error",
        "HashMap",
        "HashSet",
        "BTreeMap",
        "Json",
        "Default",
        "Clone",
        "Debug",
        "Send",
        "Sync",
        "From",
        "Into",
        "TryFrom",
        "TryInto",
        "new",
        "default",
        "clone",
        "into",
        "from",
        "unwrap",
        "map",
        "collect",
        "iter",
        "to_string",
        "as_ref",
        "to_owned",
        "len",
        "await",
    ]
)

# The methods a framework calls on the crate's types through the foreign traits above (an
# extractor's `from_request_parts`, a service's `call`): no body of the crate need call them.
FRAMEWORK_METHODS = frozenset(
    [
        "from_request_parts",
        "from_request",
        "poll_ready",
        "on_response",
        "on_failure",
        "make_span",
        "operation_input",
        "operation_response",
        "into_response",
    ]
)


# `http::StatusCode`'s constants and the numbers they stand for
STATUS_CODES = {
    "OK": 200,
    "CREATED": 201,
    "ACCEPTED": 202,
    "NO_CONTENT": 204,
    "BAD_REQUEST": 400,
    "UNAUTHORIZED": 401,
    "PAYMENT_REQUIRED": 402,
    "FORBIDDEN": 403,
    "NOT_FOUND": 404,
    "METHOD_NOT_ALLOWED": 405,
    "CONFLICT": 409,
    "GONE": 410,
    "PAYLOAD_TOO_LARGE": 413,
    "UNPROCESSABLE_ENTITY": 422,
    "TOO_MANY_REQUESTS": 429,
    "INTERNAL_SERVER_ERROR": 500,
    "NOT_IMPLEMENTED": 501,
    "BAD_GATEWAY": 502,
    "SERVICE_UNAVAILABLE": 503,
    "GATEWAY_TIMEOUT": 504,
}
# the web framework's response types a handler returns and the status each answers
FRAMEWORK_RESPONSES = {"Json": 200, "Html": 200}
