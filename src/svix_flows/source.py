"""Transitional: the trace engine's import of `Checkout` until it moves into `rust/`."""

from .rust.checkout import Checkout

__all__ = ["Checkout"]
