//! AWS-shaped identifiers: unique ids (`AIDA…`), access key ids with the account encoded as AWS
//! encodes it, and secrets.

use rand::Rng;

/// The base32 alphabet AWS uses for ids (RFC 4648, upper case).
const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// The prefix of a unique id, by entity kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdPrefix {
    /// IAM user.
    User,
    /// IAM group.
    Group,
    /// IAM role.
    Role,
    /// Managed policy.
    Policy,
    /// Instance profile.
    InstanceProfile,
    /// Server certificate.
    ServerCertificate,
    /// SSH public key.
    SshPublicKey,
    /// Service-specific credential.
    ServiceCredential,
}

impl IdPrefix {
    fn as_str(self) -> &'static str {
        match self {
            IdPrefix::User => "AIDA",
            IdPrefix::Group => "AGPA",
            IdPrefix::Role => "AROA",
            IdPrefix::Policy => "ANPA",
            IdPrefix::InstanceProfile => "AIPA",
            IdPrefix::ServerCertificate => "ASCA",
            IdPrefix::SshPublicKey => "APKA",
            IdPrefix::ServiceCredential => "ACCA",
        }
    }
}

/// A 21-character unique id such as `AIDAJQABLZS4A3QDU576Q`.
pub fn unique_id(prefix: IdPrefix) -> String {
    let mut rng = rand::rng();
    let mut id = String::with_capacity(21);
    id.push_str(prefix.as_str());
    for _ in 0..17 {
        id.push(symbol(BASE32, rng.random_range(0..32)));
    }
    id
}

/// An access key id (`AKIA` for long-term, `ASIA` for session keys) whose characters 5–16 encode
/// `account` the way AWS's do: base32 of ten bytes whose first six, masked with `0x7fffffffff80`
/// and shifted right by 7, are the account number.
pub fn access_key_id(prefix: &str, account: &str) -> String {
    let mut rng = rand::rng();
    let account: u64 = account.parse().unwrap_or(0);
    let high: u64 =
        (account << 7) | rng.random_range(0..128) | (u64::from(rng.random::<bool>()) << 47);
    let mut bytes = [0u8; 10];
    for (i, b) in bytes.iter_mut().enumerate().take(6) {
        *b = u8::try_from((high >> (8 * (5 - i))) & 0xff).unwrap_or(0);
    }
    for b in bytes.iter_mut().skip(6) {
        *b = rng.random();
    }
    format!("{prefix}{}", base32(&bytes))
}

/// The account encoded in an `AKIA`/`ASIA` access key id, if it carries one.
pub fn account_of_access_key(key_id: &str) -> Option<String> {
    let body = key_id.get(4..)?;
    let bytes = unbase32(body)?;
    let mut high = 0u64;
    for b in bytes.iter().take(6) {
        high = (high << 8) | u64::from(*b);
    }
    Some(format!("{:012}", (high & 0x7fff_ffff_ff80) >> 7))
}

/// A 40-character secret access key.
pub fn secret_access_key() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut rng = rand::rng();
    (0..40)
        .map(|_| symbol(ALPHABET, rng.random_range(0..ALPHABET.len())))
        .collect()
}

/// The `i`th symbol of an alphabet (indices are always in range; `A` keeps this total).
fn symbol(alphabet: &[u8], i: usize) -> char {
    alphabet.get(i).map_or('A', |b| char::from(*b))
}

fn base32(bytes: &[u8]) -> String {
    let mut out = String::new();
    let (mut acc, mut bits) = (0u32, 0u32);
    for &b in bytes {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(symbol(BASE32, ((acc >> bits) & 31) as usize));
        }
    }
    if bits > 0 {
        out.push(symbol(BASE32, ((acc << (5 - bits)) & 31) as usize));
    }
    out
}

fn unbase32(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = u32::try_from(BASE32.iter().position(|&x| x == c)?).ok()?;
        acc = (acc << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((acc >> bits) & 0xff).ok()?);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_key_ids_carry_their_account() {
        for account in [
            "000000000000",
            "123456789012",
            "999999999999",
            "000000000001",
        ] {
            let id = access_key_id("AKIA", account);
            assert_eq!(id.len(), 20);
            assert_eq!(account_of_access_key(&id).as_deref(), Some(account));
        }
    }

    #[test]
    fn decodes_aws_published_example() {
        // From AWS's GetAccessKeyInfo documentation style: a real key id decodes to its account.
        assert_eq!(
            account_of_access_key("ASIAY34FZKBOKMUTVV7A").as_deref(),
            Some("609629065308")
        );
    }

    #[test]
    fn unique_ids_are_21_base32_characters() {
        let id = unique_id(IdPrefix::User);
        assert_eq!(id.len(), 21);
        assert!(id.starts_with("AIDA"));
        assert!(id.bytes().all(|b| BASE32.contains(&b)));
    }
}
