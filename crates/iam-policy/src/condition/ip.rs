//! IpAddress and NotIpAddress: "The value must be in the standard CIDR format (for example,
//! 203.0.113.0/24 or 2001:DB8:1234:5678::/64). If you specify an IP address without the
//! associated routing prefix, IAM uses the default prefix value of /32"
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress>);
//! an IPv6 address without prefix is taken as /128. Address bits beyond the prefix are ignored
//! (`203.0.113.5/24` is `203.0.113.0/24`). IPv4 ranges match IPv4 request addresses only and
//! IPv6 ranges IPv6 ones; AWS does not say how IPv4-mapped IPv6 addresses compare.

use std::net::IpAddr;

/// The policy ranges of one IP condition, parsed at compile time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct IpTest {
    ranges: Vec<Range>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Range {
    V4 { network: u32, mask: u32 },
    V6 { network: u128, mask: u128 },
}

impl IpTest {
    /// Parses every policy value; `None` when one is no address or CIDR block.
    pub(super) fn compile<'a>(values: impl Iterator<Item = &'a str>) -> Option<Self> {
        let ranges = values.map(range).collect::<Option<_>>()?;
        Some(Self { ranges })
    }

    /// Whether the request address is in at least one range; a request value that is no
    /// address is in none.
    pub(super) fn matches(&self, request: &str) -> bool {
        let Some(address) = dotted_quad(request)
            .map(|address| IpAddr::V4(address.into()))
            .or_else(|| request.parse::<IpAddr>().ok())
        else {
            return false;
        };
        self.ranges.iter().any(|range| match (range, address) {
            (Range::V4 { network, mask }, IpAddr::V4(address)) => {
                u32::from(address) & mask == *network
            }
            (Range::V6 { network, mask }, IpAddr::V6(address)) => {
                u128::from(address) & mask == *network
            }
            _ => false,
        })
    }
}

/// The common request value, a plain dotted quad (`10.1.2.3`), read without the general parser:
/// four decimal octets up to 255, without leading zeros, exactly as `Ipv4Addr` reads them. Any
/// other text gives `None` and goes to the general parser, which decides.
fn dotted_quad(text: &str) -> Option<u32> {
    let mut address = 0_u32;
    let mut octets = 0;
    // The octet being read and its digits; a byte loop, `split('.')` costing more.
    let mut octet = 0_u32;
    let mut digits = 0;
    let mut leading_zero = false;
    for byte in text.bytes().chain(std::iter::once(b'.')) {
        if byte == b'.' {
            if digits == 0 || (leading_zero && digits > 1) || octet > 255 || octets == 4 {
                return None;
            }
            address = address << 8 | octet;
            octets += 1;
            octet = 0;
            digits = 0;
        } else if byte.is_ascii_digit() && digits < 3 {
            if digits == 0 {
                leading_zero = byte == b'0';
            }
            octet = octet * 10 + u32::from(byte - b'0');
            digits += 1;
        } else {
            return None;
        }
    }
    (octets == 4).then_some(address)
}

fn range(text: &str) -> Option<Range> {
    let (address, prefix) = match text.split_once('/') {
        Some((address, prefix)) => (address, Some(prefix)),
        None => (text, None),
    };
    let prefix = match prefix {
        Some(digits) if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => {
            Some(digits.parse::<u32>().ok()?)
        }
        Some(_) => return None,
        None => None,
    };
    let address = match dotted_quad(address) {
        Some(address) => IpAddr::V4(address.into()),
        None => address.parse::<IpAddr>().ok()?,
    };
    match address {
        IpAddr::V4(address) => {
            let mask = mask_u32(prefix.unwrap_or(32))?;
            Some(Range::V4 {
                network: u32::from(address) & mask,
                mask,
            })
        }
        IpAddr::V6(address) => {
            let mask = mask_u128(prefix.unwrap_or(128))?;
            Some(Range::V6 {
                network: u128::from(address) & mask,
                mask,
            })
        }
    }
}

fn mask_u32(prefix: u32) -> Option<u32> {
    match prefix {
        0 => Some(0),
        1..=32 => Some(u32::MAX << (32 - prefix)),
        _ => None,
    }
}

fn mask_u128(prefix: u32) -> Option<u128> {
    match prefix {
        0 => Some(0),
        1..=128 => Some(u128::MAX << (128 - prefix)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{IpTest, dotted_quad};

    fn test(values: &[&str]) -> IpTest {
        IpTest::compile(values.iter().copied()).unwrap()
    }

    #[test]
    fn ipv4_ranges_and_addresses() {
        // Doc example: "IpAddress": {"aws:SourceIp": "203.0.113.0/24"}.
        let range = test(&["203.0.113.0/24"]);
        assert!(range.matches("203.0.113.0"));
        assert!(range.matches("203.0.113.255"));
        assert!(!range.matches("203.0.114.1"));
        assert!(!range.matches("2001:db8::1"));
        assert!(!range.matches("not an address"));
        assert!(!range.matches("203.0.113.7/32"));
        let single = test(&["203.0.113.7"]);
        assert!(single.matches("203.0.113.7") && !single.matches("203.0.113.8"));
        assert!(test(&["0.0.0.0/0"]).matches("198.51.100.1"));
        assert!(test(&["203.0.113.5/24"]).matches("203.0.113.200"));
    }

    #[test]
    fn ipv6_ranges_and_mixed_lists() {
        // Doc example: IPv4 and IPv6 ranges together.
        let mixed = test(&["203.0.113.0/24", "2001:DB8:1234:5678::/64"]);
        assert!(mixed.matches("2001:db8:1234:5678::1"));
        assert!(mixed.matches("2001:DB8:1234:5678:ffff:ffff:ffff:ffff"));
        assert!(!mixed.matches("2001:db8:1234:5679::1"));
        assert!(mixed.matches("203.0.113.9"));
        let single = test(&["2001:db8::1"]);
        assert!(single.matches("2001:db8:0::1") && !single.matches("2001:db8::2"));
        assert!(test(&["::/0"]).matches("::1"));
    }

    #[test]
    fn refuses_what_is_no_range() {
        for value in [
            "",
            "203.0.113.0/33",
            "2001:db8::/129",
            "203.0.113/24",
            "203.0.113.0/",
            "/24",
            "203.0.113.0/-1",
            "203.0.113.0/+24",
            "256.0.0.1",
            "example.com",
            "${aws:SourceIp}",
            " 203.0.113.0/24",
        ] {
            assert!(IpTest::compile([value].into_iter()).is_none(), "{value}");
        }
    }

    proptest! {
        /// The dotted-quad reader accepts exactly what `Ipv4Addr` accepts, with the same value,
        /// on text made of digits and dots.
        #[test]
        fn dotted_quad_agrees_with_the_standard_parser(text in "[0-9.]{0,16}|[0-9]{1,3}(\\.[0-9]{1,3}){3}") {
            let standard = text.parse::<std::net::Ipv4Addr>().ok().map(u32::from);
            prop_assert_eq!(dotted_quad(&text), standard);
        }
    }
}
