//! Client addresses as limits count them: an IPv4 address is one client, an IPv6 /64 is one
//! network (one home or office line gets a whole /64, so counting single IPv6 addresses would
//! give each client as many allowances as it has addresses).

use std::net::IpAddr;

/// The key limits count `ip` under: itself for IPv4 (and for text that is not an address),
/// its /64 network for IPv6.
pub fn address_key(ip: &str) -> String {
    match ip.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_none() => {
            let segments = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", segments[0], segments[1], segments[2], segments[3])
        }
        Ok(IpAddr::V6(v6)) => v6.to_ipv4_mapped().map(|v4| v4.to_string()).unwrap_or_default(),
        _ => ip.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::address_key;

    #[test]
    fn short_ipv6_forms_name_the_same_network() {
        let forms = [
            ("::1", "0:0:0:0::/64"),
            ("2001:0db8:0001:0002:0:0:0:9", "2001:db8:1:2::/64"),
            ("FE80::1", "fe80:0:0:0::/64"),
        ];
        for (address, key) in forms.into_iter().chain([("", "")]) {
            assert_eq!(address_key(address), key, "{address}");
        }
    }

    #[test]
    fn one_ipv6_network_is_one_client() {
        assert_eq!(address_key("2001:db8:1:2::7"), "2001:db8:1:2::/64");
        assert_eq!(address_key("2001:db8:1:2:ffff::1"), "2001:db8:1:2::/64");
        assert_ne!(address_key("2001:db8:1:3::7"), address_key("2001:db8:1:2::7"));
        assert_eq!(address_key("10.0.0.1"), "10.0.0.1");
        assert_eq!(address_key("::ffff:10.0.0.1"), "10.0.0.1");
        assert_eq!(address_key("unknown"), "unknown");
    }
}
