"""The declared types of a record's parameters, by which the prose's `msg.payload` is read."""

from svix_flows.rust.bindings import declared_types, destructured


def test_a_parameter_has_the_type_it_is_declared_with() -> None:
    code = "async fn send(db: &DatabaseConnection, msg: &'a mut message::Model) -> Result<()> {}"
    assert declared_types(code) == {"db": "DatabaseConnection", "msg": "message::Model"}


def test_a_generic_or_wrapped_parameter_has_no_plain_type() -> None:
    assert declared_types("fn f(body: Json<MessageIn>, rows: Vec<Model>) {}") == {}


def test_a_name_declared_with_two_types_is_left_out() -> None:
    code = "fn f(task: &NoticeTask) {}\nfn g(task: &RetryTask) {}"
    assert declared_types(code) == {}


def test_a_parameter_bound_again_in_a_body_is_left_out() -> None:
    """`let cache: Status = cache.set(…)`: the text's `cache.set` may be either `cache`."""
    code = "fn f(cache: &Cache) {\n    let cache: Status = cache.set(1).into();\n}"
    assert declared_types(code) == {}


def test_a_structs_fields_are_not_bindings() -> None:
    assert declared_types("pub struct Report {\n    pub cache: Status,\n}") == {}


def test_a_name_bound_by_a_parameters_pattern_is_left_out() -> None:
    """`fn g(ValidatedJson(data): ValidatedJson<AccessIn>)` beside `fn f(data: ApplicationIn)`:
    the text's `data.feature_flags` may be either."""
    code = "fn f(data: ApplicationIn) {}\nfn g(ValidatedJson(data): ValidatedJson<AccessIn>) {}"
    assert declared_types(code) == {}


def test_a_name_bound_by_a_struct_pattern_is_left_out() -> None:
    code = "fn f(cache: Cache) {}\nfn g(state: AppState) {\n    let AppState { cache, .. } = state;\n}"
    assert "cache" not in declared_types(code)


def test_a_name_a_struct_pattern_binds_is_given_as_the_field_it_takes() -> None:
    code = """async fn prepare(
    DeskContext { cfg, .. }: &DeskContext<'_>,
    NoticeContext { task: notice_task, desk, .. }: NoticeContext<'_>,
) {}
fn other() { let Route { url, .. } = route; }
"""
    assert destructured(code) == {
        "cfg": ("DeskContext", "cfg"),
        "notice_task": ("NoticeContext", "task"),
        "desk": ("NoticeContext", "desk"),
        "url": ("Route", "url"),
    }


def test_a_name_a_struct_pattern_binds_and_another_binding_shadows_is_left_out() -> None:
    code = "fn f(DeskContext { cfg, .. }: &DeskContext) { let cfg = load(); }"
    assert destructured(code) == {}


def test_a_struct_literal_binds_nothing() -> None:
    assert destructured("fn f() { let ctx = DeskContext { cfg, db }; }") == {}
