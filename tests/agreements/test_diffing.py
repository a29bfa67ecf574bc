from agreements.diffing import words


def test_a_small_edit_is_shown_word_by_word():
    assert words("Vi mødes hver uge", "Vi mødes hver anden uge") == [
        ("same", "Vi mødes hver "),
        ("ins", "anden "),
        ("same", "uge"),
    ]


def test_a_replaced_word_keeps_a_space_between_old_and_new():
    assert words("Vi mødes hver uge", "Vi mødes hver måned") == [
        ("same", "Vi mødes hver "),
        ("del", "uge"),
        ("same", " "),
        ("ins", "måned"),
    ]


def test_a_rewritten_text_is_shown_as_old_then_new():
    assert words("Tirsdage i basis", "Efter aftale med Jens hver fredag") == [
        ("del", "Tirsdage i basis"),
        ("break", ""),
        ("ins", "Efter aftale med Jens hver fredag"),
    ]
