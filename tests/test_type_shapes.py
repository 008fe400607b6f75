"""The shape of a written type, by which the prose's types are compared with the code's."""

from svix_flows.rust.type_shapes import Shape, shape


def test_a_generic_type_is_a_tree_of_last_names() -> None:
    assert shape("error::Result<Json<MessageOut>>") == Shape(
        "Result", (Shape("Json", (Shape("MessageOut"),)),)
    )


def test_references_lifetimes_and_mut_are_left_out() -> None:
    assert shape("Vec<&'a mut EndpointSecretInternal>") == shape("Vec<EndpointSecretInternal>")


def test_tuples_arrays_and_const_arguments_are_read() -> None:
    assert shape("JsonStatus<202, (A, [u8; 32])>") == Shape(
        "JsonStatus", (Shape("202"), Shape("()", (Shape("A"), Shape("[]", (Shape("u8"),)))))
    )


def test_a_type_the_reader_does_not_follow_has_no_shape() -> None:
    assert shape("impl Future<Output = ()>") is None
    assert shape("Box<dyn Fn(u8) -> u8>") is None
    assert shape("Result<Json<X>") is None  # unclosed
