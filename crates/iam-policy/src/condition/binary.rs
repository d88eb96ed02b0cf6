//! BinaryEquals: "compares the value of the specified key byte for byte against a base-64
//! encoded representation of the binary value in the policy"
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_BinaryEquals>).
//!
//! Context values are strings, so a binary request value is expected base64-encoded too and is
//! decoded while comparing, without allocating; one that is not base64 matches nothing. Policy
//! values must be standard base64 (padding optional); others are refused.

/// The decoded policy values of one BinaryEquals condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct BinaryTest {
    values: Vec<Vec<u8>>,
}

impl BinaryTest {
    /// Decodes every policy value; `None` when one is not base64.
    pub(super) fn compile<'a>(values: impl Iterator<Item = &'a str>) -> Option<Self> {
        let values = values
            .map(|text| {
                let length = decoded_len(text)?;
                let mut bytes = Vec::with_capacity(length);
                for byte in Decoder::new(text) {
                    bytes.push(byte?);
                }
                Some(bytes)
            })
            .collect::<Option<_>>()?;
        Some(Self { values })
    }

    /// Whether the decoded request value equals at least one policy value.
    pub(super) fn matches(&self, request: &str) -> bool {
        let Some(length) = decoded_len(request) else {
            return false;
        };
        self.values.iter().any(|value| {
            value.len() == length
                && Decoder::new(request)
                    .zip(value)
                    .all(|(byte, expected)| byte == Some(*expected))
        })
    }
}

/// The number of bytes `text` decodes to, when it is well-formed base64.
fn decoded_len(text: &str) -> Option<usize> {
    let body = text.trim_end_matches('=');
    let padding = text.len() - body.len();
    let valid = body.bytes().all(|b| sextet(b).is_some())
        && padding <= 2
        && body.len() % 4 != 1
        && (padding == 0 || (body.len() + padding).is_multiple_of(4));
    valid.then(|| body.len() * 3 / 4)
}

/// The value of one base64 character.
fn sextet(byte: u8) -> Option<u32> {
    let value = match byte {
        b'A'..=b'Z' => byte - b'A',
        b'a'..=b'z' => byte - b'a' + 26,
        b'0'..=b'9' => byte - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    };
    Some(u32::from(value))
}

/// Decodes base64 one byte at a time; yields `None` for a bad character.
struct Decoder<'a> {
    input: std::slice::Iter<'a, u8>,
    buffer: u32,
    bits: u32,
}

impl<'a> Decoder<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            input: text.trim_end_matches('=').as_bytes().iter(),
            buffer: 0,
            bits: 0,
        }
    }
}

impl Iterator for Decoder<'_> {
    type Item = Option<u8>;

    fn next(&mut self) -> Option<Option<u8>> {
        while self.bits < 8 {
            let Some(value) = sextet(*self.input.next()?) else {
                return Some(None);
            };
            self.buffer = (self.buffer << 6) | value;
            self.bits += 6;
        }
        self.bits -= 8;
        let byte = u8::try_from((self.buffer >> self.bits) & 0xff).ok();
        self.buffer &= (1 << self.bits) - 1;
        Some(byte)
    }
}

#[cfg(test)]
mod tests {
    use super::BinaryTest;

    fn test(value: &str) -> Option<BinaryTest> {
        BinaryTest::compile([value].into_iter())
    }

    #[test]
    fn decodes_the_doc_example() {
        // Doc example: "BinaryEquals": {"key": "QmluYXJ5VmFsdWVJbkJhc2U2NA=="}.
        let test = test("QmluYXJ5VmFsdWVJbkJhc2U2NA==").unwrap();
        assert_eq!(test.values, [b"BinaryValueInBase64".to_vec()]);
        assert!(test.matches("QmluYXJ5VmFsdWVJbkJhc2U2NA=="));
        assert!(test.matches("QmluYXJ5VmFsdWVJbkJhc2U2NA"));
        assert!(!test.matches("QmluYXJ5VmFsdWVJbkJhc2U2NQ=="));
        assert!(!test.matches("BinaryValueInBase64"));
        assert!(!test.matches(""));
    }

    #[test]
    fn lengths_and_padding() {
        for (text, bytes) in [
            ("", &b""[..]),
            ("YQ==", b"a"),
            ("YWI=", b"ab"),
            ("YWJj", b"abc"),
            ("YQ", b"a"),
        ] {
            assert_eq!(test(text).unwrap().values, [bytes.to_vec()], "{text}");
        }
        for text in [
            "Y", "YQ=", "YQ===", "Y===", "YW*j", "YWJj\n", "=", "${aws:x}",
        ] {
            assert!(test(text).is_none(), "{text}");
        }
    }
}
