import pytest

from elara.auth.password_policy import password_problems


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("short-1A", False),
        ("x" * 129, False),
        ("password1234", False),
        ("Password1234!", False),
        ("qwertyuiop123", False),
        ("123456789012", False),
        ("aaaaaaaaaaaaaaa", False),
        ("!!!!!!!!!!!!1234", False),
        ("correct-Horse-battery-9", True),
        ("Tr4vel by night, 2027", True),
        ("é" * 6 + "ñ∂ß∑œ∆ø", True),
        ("x" * 6 + "y" * 6 + "z", True),
    ],
)
def test_policy(password, ok):
    assert (password_problems(password) == []) is ok


def test_email_name_refused():
    assert password_problems("jane.doe-rules-2027", email="jane.doe@example.com")
