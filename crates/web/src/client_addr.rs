//! The client address of a request (GB/T 22239 8.1.4.1 b: the lockout per address; the
//! audit trail and the session list).
//!
//! `X-Forwarded-For` is honoured only when the TCP peer is a configured trusted proxy
//! (`jiekang serve --trusted-proxy`); the address is then the right-most entry that is
//! not itself a trusted proxy (entries to its left were written by the client and may be
//! forged). Otherwise — no proxy configured, or a peer that is not one — the header is
//! ignored and the address is the peer's. A request without a peer (in-process tests)
//! has no address.

use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;

use axum::extract::{ConnectInfo, Request};

/// The client address of a request, as [`client_address`] found it; put in the request's
/// extensions by [`crate::auth::resolve::resolve_actor`]. Empty when unknown.
#[derive(Debug, Clone, Default)]
pub struct ClientAddr(pub String);

/// One trusted proxy: an address, or a network in CIDR notation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Net {
    addr: IpAddr,
    prefix: u8,
}

impl Net {
    fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// The reverse proxies whose `X-Forwarded-For` is believed (none by default).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<Net>);

impl TrustedProxies {
    /// Comma-separated addresses or CIDR networks: `127.0.0.1,10.0.0.5` or `10.0.0.0/8`.
    /// Blank entries are skipped; anything else that is not an address is refused.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut nets = Vec::new();
        for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let bad = || format!("不是 IP 地址或网段 (not an address or CIDR network): {item}");
            let (addr, prefix) = match item.split_once('/') {
                Some((a, p)) => (a, Some(p)),
                None => (item, None),
            };
            let addr = IpAddr::from_str(addr).map_err(|_| bad())?.to_canonical();
            let max = if addr.is_ipv4() { 32 } else { 128 };
            let prefix = match prefix {
                Some(p) => p.parse::<u8>().ok().filter(|p| *p <= max).ok_or_else(bad)?,
                None => max,
            };
            nets.push(Net { addr, prefix });
        }
        Ok(Self(nets))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|n| n.contains(ip))
    }
}

/// One `X-Forwarded-For` entry as an address: `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1`
/// or `[2001:db8::1]:443`.
fn entry_addr(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    IpAddr::from_str(entry)
        .ok()
        .or_else(|| SocketAddr::from_str(entry).ok().map(|s| s.ip()))
        .map(|ip| ip.to_canonical())
}

/// The client address: the peer's, unless the peer is a trusted proxy; then, walking
/// `X-Forwarded-For` (all its headers, in order) from the right, the first entry that is
/// not a trusted proxy. An entry that is not an address stops the walk at the last
/// address seen (it cannot be told apart from a forgery). Empty without a peer.
pub fn client_address(
    peer: Option<IpAddr>,
    forwarded_for: &[&str],
    trusted: &TrustedProxies,
) -> String {
    let Some(peer) = peer.map(|p| p.to_canonical()) else {
        return String::new();
    };
    let mut client = peer;
    if trusted.contains(peer) {
        let entries = forwarded_for.iter().flat_map(|h| h.split(',')).rev();
        for entry in entries {
            let Some(ip) = entry_addr(entry) else { break };
            client = ip;
            if !trusted.contains(ip) {
                break;
            }
        }
    }
    client.to_string()
}

/// The client address of a request (see [`client_address`]).
pub fn of_request(req: &Request, trusted: &TrustedProxies) -> ClientAddr {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let headers: Vec<&str> = req
        .headers()
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    ClientAddr(client_address(peer, &headers, trusted))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn ip(s: &str) -> Option<IpAddr> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn without_a_trusted_proxy_the_header_is_ignored() {
        let none = TrustedProxies::default();
        assert_eq!(
            client_address(ip("203.0.113.7"), &["198.51.100.1"], &none),
            "203.0.113.7"
        );
        assert_eq!(client_address(None, &["198.51.100.1"], &none), "");
        let proxy = TrustedProxies::parse("10.0.0.5").unwrap();
        assert_eq!(
            client_address(ip("203.0.113.7"), &["198.51.100.1"], &proxy),
            "203.0.113.7",
            "a peer that is not the proxy"
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_right_most_untrusted_entry_counts() {
        let proxies = TrustedProxies::parse("127.0.0.1, 10.0.0.5").unwrap();
        let from = |headers: &[&str]| client_address(ip("10.0.0.5"), headers, &proxies);
        assert_eq!(from(&["198.51.100.9"]), "198.51.100.9");
        assert_eq!(
            from(&["1.2.3.4, 198.51.100.9"]),
            "198.51.100.9",
            "forged left"
        );
        assert_eq!(
            from(&["1.2.3.4", "198.51.100.9, 127.0.0.1"]),
            "198.51.100.9"
        );
        assert_eq!(from(&["127.0.0.1"]), "127.0.0.1", "only proxies");
        assert_eq!(from(&[]), "10.0.0.5", "no header: the proxy itself");
        assert_eq!(from(&["garbage, 10.0.0.5"]), "10.0.0.5");
        assert_eq!(from(&["198.51.100.9:5000"]), "198.51.100.9");
        assert_eq!(from(&["[2001:db8::1]:443"]), "2001:db8::1");
        assert_eq!(
            client_address(ip("::ffff:10.0.0.5"), &["198.51.100.9"], &proxies),
            "198.51.100.9",
            "an IPv4 peer on a dual-stack socket"
        );
    }

    #[test]
    fn networks_and_bad_entries() {
        let nets = TrustedProxies::parse("10.0.0.0/8,fd00::/8").unwrap();
        assert!(nets.contains("10.200.3.4".parse().unwrap()));
        assert!(!nets.contains("11.0.0.1".parse().unwrap()));
        assert!(nets.contains("fd12::1".parse().unwrap()));
        assert!(!nets.contains("2001:db8::1".parse().unwrap()));
        assert!(
            TrustedProxies::parse("0.0.0.0/0")
                .unwrap()
                .contains("8.8.8.8".parse().unwrap())
        );
        assert!(TrustedProxies::parse("").unwrap().is_empty());
        for bad in ["localhost", "10.0.0.0/33", "10.0.0.1/x", "::1/129"] {
            assert!(TrustedProxies::parse(bad).is_err(), "{bad}");
        }
    }
}
