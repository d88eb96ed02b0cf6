//! SSH public key material as UploadSSHPublicKey takes it: "encoded in ssh-rsa format or PEM
//! format. The minimum bit-length of the public key is 2048 bits"
//! (<https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadSSHPublicKey.html>).
//!
//! OpenSSH `ssh-rsa` lines, and PEM `PUBLIC KEY` (SubjectPublicKeyInfo) or `RSA PUBLIC KEY`
//! (PKCS #1) blocks are read; other SSH key types are an unrecognized encoding. A key is known by
//! its SSH wire form (RFC 4253 section 6.6), whichever encoding it came in: its fingerprint is the
//! MD5 digest of that form in colon-separated hex, as `ssh-keygen -l -E md5` prints it, so the same
//! key uploaded twice is a duplicate even in two encodings.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use md5::{Digest as _, Md5};
use rsa::pkcs1::{DecodeRsaPublicKey as _, UintRef};
use rsa::pkcs8::{DecodePublicKey as _, EncodePublicKey as _, LineEnding};
use rsa::traits::PublicKeyParts as _;
use std::fmt::Write as _;

/// The smallest modulus accepted, in bits.
const MIN_BITS: usize = 2048;

/// Why a key body was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Neither an `ssh-rsa` line nor an RSA PEM block: `UnrecognizedPublicKeyEncoding`.
    Encoding,
    /// Readable as one of them but not a valid RSA key of 2048 bits or more: `InvalidPublicKey`.
    Invalid,
}

/// An RSA public key read from an upload.
#[derive(Debug, Clone)]
pub struct SshKey {
    /// The SSH wire form: `string "ssh-rsa"`, `mpint e`, `mpint n`.
    wire: Vec<u8>,
    key: rsa::PublicKey,
}

impl SshKey {
    /// Reads `body` (surrounding whitespace ignored).
    pub fn parse(body: &str) -> Result<SshKey, Refused> {
        let body = body.trim();
        let key = if body.starts_with("-----BEGIN PUBLIC KEY-----") {
            rsa::PublicKey::from_public_key_pem(body).map_err(|_| Refused::Invalid)?
        } else if body.starts_with("-----BEGIN RSA PUBLIC KEY-----") {
            rsa::PublicKey::from_pkcs1_pem(body).map_err(|_| Refused::Invalid)?
        } else if let Some(rest) = body.strip_prefix("ssh-rsa ") {
            let encoded = rest.split_whitespace().next().unwrap_or("");
            let wire = STANDARD.decode(encoded).map_err(|_| Refused::Invalid)?;
            from_wire(&wire).ok_or(Refused::Invalid)?
        } else {
            return Err(Refused::Encoding);
        };
        let n = key.n_bytes();
        let significant = n.iter().skip_while(|b| **b == 0).count();
        let bits = significant * 8
            - n.iter()
                .find(|b| **b != 0)
                .map_or(0, |b| b.leading_zeros() as usize);
        if bits < MIN_BITS {
            return Err(Refused::Invalid);
        }
        let mut wire = Vec::new();
        put_string(&mut wire, b"ssh-rsa");
        put_mpint(&mut wire, &key.e().to_be_bytes());
        put_mpint(&mut wire, &n);
        Ok(SshKey { wire, key })
    }

    /// The MD5 fingerprint: 16 bytes in lowercase hex, colon-separated.
    pub fn fingerprint(&self) -> String {
        let digest = Md5::digest(&self.wire);
        let mut out = String::with_capacity(47);
        for (i, byte) in digest.iter().enumerate() {
            if i > 0 {
                out.push(':');
            }
            let _ = write!(out, "{byte:02x}");
        }
        out
    }

    /// The OpenSSH form, `ssh-rsa BASE64`.
    pub fn openssh(&self) -> String {
        format!("ssh-rsa {}", STANDARD.encode(&self.wire))
    }

    /// The PEM form (SubjectPublicKeyInfo), `None` if it cannot be written.
    pub fn pem(&self) -> Option<String> {
        self.key.to_public_key_pem(LineEnding::LF).ok()
    }
}

/// Reads the SSH wire form of an RSA key.
fn from_wire(wire: &[u8]) -> Option<rsa::PublicKey> {
    let mut rest = wire;
    let kind = take_string(&mut rest)?;
    let e = take_string(&mut rest)?;
    let n = take_string(&mut rest)?;
    if kind != b"ssh-rsa" || !rest.is_empty() {
        return None;
    }
    let key = rsa::pkcs1::RsaPublicKey {
        modulus: UintRef::new(n).ok()?,
        public_exponent: UintRef::new(e).ok()?,
    };
    rsa::PublicKey::try_from(key).ok()
}

/// Takes one length-prefixed string off the front of `rest`.
fn take_string<'a>(rest: &mut &'a [u8]) -> Option<&'a [u8]> {
    let (len, tail) = rest.split_first_chunk::<4>()?;
    let len = usize::try_from(u32::from_be_bytes(*len)).ok()?;
    let (value, tail) = tail.split_at_checked(len)?;
    *rest = tail;
    Some(value)
}

fn put_string(out: &mut Vec<u8>, value: &[u8]) {
    let len = u32::try_from(value.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(value);
}

/// A non-negative integer from big-endian bytes: no leading zeros, but one zero byte where the top
/// bit is set (RFC 4251 section 5).
fn put_mpint(out: &mut Vec<u8>, be: &[u8]) {
    let zeros = be.iter().take_while(|b| **b == 0).count();
    let trimmed = be.get(zeros..).unwrap_or_default();
    if trimmed.first().is_some_and(|b| b & 0x80 != 0) {
        let mut padded = Vec::with_capacity(trimmed.len() + 1);
        padded.push(0);
        padded.extend_from_slice(trimmed);
        put_string(out, &padded);
    } else {
        put_string(out, trimmed);
    }
}

#[cfg(test)]
mod tests {
    use super::{Refused, SshKey, put_string};
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;
    use proptest::prelude::*;

    proptest! {
        /// Whatever the body, it is read or refused: never a panic.
        #[test]
        fn any_text_is_read_or_refused(body in "\\PC{0,300}") {
            let _ = SshKey::parse(&body);
        }

        /// Well-framed wire forms with arbitrary numbers: read only when RSA accepts them and the
        /// modulus has 2048 bits or more.
        #[test]
        fn any_framed_numbers_are_read_or_refused(
            e in proptest::collection::vec(any::<u8>(), 0..8),
            n in proptest::collection::vec(any::<u8>(), 0..300),
        ) {
            let mut wire = Vec::new();
            put_string(&mut wire, b"ssh-rsa");
            put_string(&mut wire, &e);
            put_string(&mut wire, &n);
            if let Ok(key) = SshKey::parse(&format!("ssh-rsa {}", STANDARD.encode(&wire))) {
                prop_assert!(n.iter().skip_while(|b| **b == 0).count() >= 256);
                prop_assert_eq!(key.fingerprint().len(), 47);
            }
        }
    }

    /// A 2048-bit key made by `ssh-keygen -t rsa -b 2048` for these tests.
    const OPENSSH: &str = include_str!("../../../tests/fixtures/ssh/rsa2048.pub");
    /// The same key, `ssh-keygen -e -m PKCS8`.
    const PEM: &str = include_str!("../../../tests/fixtures/ssh/rsa2048.pem");
    /// Its fingerprint, `ssh-keygen -l -E md5`.
    const FINGERPRINT: &str = include_str!("../../../tests/fixtures/ssh/rsa2048.md5");

    #[test]
    fn both_encodings_read_as_the_same_key() {
        let ssh = SshKey::parse(OPENSSH).expect("ssh-rsa");
        let pem = SshKey::parse(PEM).expect("pem");
        assert_eq!(ssh.fingerprint(), FINGERPRINT.trim());
        assert_eq!(pem.fingerprint(), FINGERPRINT.trim());
        let line: Vec<&str> = OPENSSH.split_whitespace().take(2).collect();
        assert_eq!(pem.openssh(), line.join(" "));
        assert_eq!(ssh.pem().expect("pem").trim(), PEM.trim());
    }

    #[test]
    fn other_keys_are_refused() {
        let ed25519 =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGn0c2V0aGlzaXNub3RhcmVhbGtleWF0YWxsAAAA x";
        assert_eq!(SshKey::parse(ed25519).err(), Some(Refused::Encoding));
        assert_eq!(SshKey::parse("hello").err(), Some(Refused::Encoding));
        assert_eq!(
            SshKey::parse("ssh-rsa not-base64!").err(),
            Some(Refused::Invalid)
        );
        assert_eq!(
            SshKey::parse(include_str!("../../../tests/fixtures/ssh/rsa1024.pub")).err(),
            Some(Refused::Invalid)
        );
    }
}
