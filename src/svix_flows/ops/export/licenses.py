"""The LICENSE of an export: the upstream notice of the quoted code, and the hand-written text's terms."""

from __future__ import annotations

from ...catalog import Source

CODE_LICENSE = "mit"  # svix-webhooks' license: every record quotes its code
TEXT_LICENSE = "MIT"  # the license under which the hand-written text is released

# The upstream notice, as svix-webhooks ships it in its LICENSE file (MIT asks that it travel
# with copies of the code).
UPSTREAM_NOTICE = """\
The MIT License

Copyright (c) 2021 Svix (https://www.svix.com)

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in
all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
THE SOFTWARE.
"""

TEXT_TERMS = (
    f"The system message, every request and every think block were written by hand for this\n"
    f"dataset; nothing in them is generated. They are released under the {TEXT_LICENSE} license, on\n"
    "the terms and with the disclaimer of the notice above."
)


def license_text(source: Source) -> str:
    """LICENSE: the upstream notice for the quoted code, then the terms of the hand-written text."""
    return (
        "This dataset holds two kinds of text.\n\n"
        f"1. Source code quoted from svix-webhooks ({source.repository}, commit {source.commit}),\n"
        "   under its license, reproduced here:\n\n"
        + UPSTREAM_NOTICE
        + "\n2. Hand-written text.\n\n"
        + TEXT_TERMS
        + "\n"
    )
