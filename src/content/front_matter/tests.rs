//! Unit tests for splitting front matter from the body.

use super::{line_at, split};

#[test]
fn splits_front_matter_and_body_with_line_numbers() {
    let split = split("+++\ntitle = \"a\"\n+++\nbody\n").unwrap();
    assert_eq!(split.front_matter, "title = \"a\"\n");
    assert_eq!(split.front_matter_line, 2);
    assert_eq!(split.body, "body\n");
    assert_eq!(split.body_line, 4);
}

#[test]
fn a_byte_order_mark_and_crlf_are_accepted() {
    let split = split("\u{feff}+++\r\ntitle = \"a\"\r\n+++\r\nbody").unwrap();
    assert_eq!(split.body, "body");
}

#[test]
fn missing_and_unterminated_front_matter_are_errors_on_line_one() {
    assert_eq!(split("title = 1\n").unwrap_err().0, 1);
    let err = split("+++\ntitle = 1\n").unwrap_err();
    assert!(err.1.starts_with("unterminated front matter"), "{}", err.1);
}

#[test]
fn line_at_counts_newlines_before_the_offset() {
    assert_eq!(line_at("a\nb\nc", 0, 2), 2);
    assert_eq!(line_at("a\nb\nc", 2, 2), 3);
    assert_eq!(line_at("a\nb\nc", 99, 2), 4);
}
