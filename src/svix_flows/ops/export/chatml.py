"""The chat template shipped with an export, and the same rendering in Python for token counts.

ChatML (`<|im_start|>role\n…<|im_end|>\n`), the layout the records are written for. The
assistant turn sits inside `{% generation %}`: transformers' `return_assistant_tokens_mask`,
and so TRL's `assistant_only_loss`, then trains on the answer and its `<|im_end|>` only, never
on the system message, the request or the role header. A message that carries
`reasoning_content` renders it as the think block before its content, so the reasoning column
and the answer column render to the same text as the unchanged `messages`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

TEMPLATE_FILE = "chat_template.jinja"
END_OF_TURN = "<|im_end|>"

CHAT_TEMPLATE = r"""{#- ChatML, written by svix-flows export. The assistant turn is inside generation/endgeneration:
    return_assistant_tokens_mask (TRL's assistant_only_loss) keeps the answer and its <|im_end|>.
    A message with reasoning_content renders it as <think>...</think> before its content. -#}
{%- for message in messages -%}
    {%- if message['role'] == 'assistant' -%}
        {{- '<|im_start|>assistant\n' -}}
        {%- generation -%}
            {%- if message['reasoning_content'] is defined and message['reasoning_content'] -%}
                {{- '<think>\n' + message['reasoning_content'] + '\n</think>\n\n' -}}
            {%- endif -%}
            {{- message['content'] + '<|im_end|>' -}}
        {%- endgeneration -%}
        {{- '\n' -}}
    {%- else -%}
        {{- '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>\n' -}}
    {%- endif -%}
{%- endfor -%}
{%- if add_generation_prompt -%}
    {{- '<|im_start|>assistant\n' -}}
{%- endif -%}
"""


def render(messages: Sequence[Mapping[str, str]]) -> str:
    """What CHAT_TEMPLATE renders for `messages` (no generation prompt)."""
    parts = []
    for message in messages:
        content = message["content"]
        reasoning = message.get("reasoning_content")
        if message["role"] == "assistant" and reasoning:
            content = f"<think>\n{reasoning}\n</think>\n\n{content}"
        parts.append(f"<|im_start|>{message['role']}\n{content}{END_OF_TURN}\n")
    return "".join(parts)
