//! Slowing down guessed passwords without letting anyone lock a user out.
//!
//! An attempt is counted against keys: the name tried and the client's address, or — when
//! the user has logged in from that address before — that pair alone, so a user at a known
//! address is slowed down only by failures from there, never by others' guessing. After
//! [`FREE_FAILURES`] failures in a row a key waits, doubling with each further failure up to
//! [`LONGEST_WAIT`]; an attempt on a key that must wait, or that has an attempt under way, is
//! answered at once with the wait (429), never queued, so parallel guessing gains nothing
//! and holds nothing open.
//!
//! Names and addresses are counted in fixed tables of slots chosen by a keyed hash, the same
//! for names that exist and names that do not (the answers do not tell who exists): a flood
//! of made-up names or addresses cannot grow the server's memory or empty the counts, it can
//! only share slots and so make them stricter.

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::HeaderMap;

/// Failures in a row a key may have before it waits: typing slips.
pub const FREE_FAILURES: u32 = 3;
/// The longest wait after failures.
pub const LONGEST_WAIT: Duration = Duration::from_secs(300);
/// Failures older than this are forgotten.
const MEMORY: Duration = Duration::from_secs(3600);
/// Slots of each fixed table.
const SLOTS: usize = 4096;

#[derive(Clone, Copy, Default)]
struct Slot {
    failures: u32,
    last_failure: Option<Instant>,
    busy: bool,
}

impl Slot {
    /// How long an attempt must still wait, at `now`.
    fn wait(&mut self, now: Instant) -> Duration {
        let Some(last) = self.last_failure else { return Duration::ZERO };
        let since = now.saturating_duration_since(last);
        if since >= MEMORY {
            *self = Slot { busy: self.busy, ..Slot::default() };
            return Duration::ZERO;
        }
        if self.failures < FREE_FAILURES {
            return Duration::ZERO;
        }
        let doublings = (self.failures - FREE_FAILURES).min(16);
        (Duration::from_secs(1) * (1 << doublings)).min(LONGEST_WAIT).saturating_sub(since)
    }
}

/// What an attempt is counted against.
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum Key {
    /// A name tried (whether or not a user has it).
    Name(String),
    /// A client address.
    Address(String),
    /// A user at an address they have logged in from.
    Known(String, String),
    /// A logged-in user's checks of their current password (修改密码).
    Account(i64),
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Place {
    Name(usize),
    Address(usize),
    Keyed(u64),
}

/// The counts of every key.
pub struct Throttle {
    hasher: std::collections::hash_map::RandomState,
    state: Mutex<State>,
}

struct State {
    names: Vec<Slot>,
    addresses: Vec<Slot>,
    /// Known pairs and accounts: their number is bounded by successful logins and users.
    keyed: HashMap<u64, Slot>,
}

impl Default for Throttle {
    fn default() -> Throttle {
        let state = State { names: vec![Slot::default(); SLOTS], addresses: vec![Slot::default(); SLOTS], keyed: HashMap::new() };
        Throttle { hasher: std::collections::hash_map::RandomState::new(), state: Mutex::new(state) }
    }
}

/// An attempt under way: its keys are busy until it is settled or dropped.
pub struct Attempt<'a> {
    throttle: &'a Throttle,
    places: Vec<Place>,
    settled: bool,
}

impl Throttle {
    fn place(&self, key: &Key) -> Place {
        let hash = self.hasher.hash_one(key);
        match key {
            Key::Name(_) => Place::Name(hash as usize % SLOTS),
            Key::Address(_) => Place::Address(hash as usize % SLOTS),
            Key::Known(..) | Key::Account(_) => Place::Keyed(hash),
        }
    }

    /// Begins an attempt counted against `keys`, or says how long to wait first.
    pub fn begin(&self, keys: &[Key]) -> Result<Attempt<'_>, Duration> {
        let places: Vec<Place> = keys.iter().map(|k| self.place(k)).collect();
        let now = Instant::now();
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let mut wait = Duration::ZERO;
        for place in &places {
            let slot = state.slot(*place);
            // An attempt already under way on the key: answer with the shortest wait.
            wait = wait.max(if slot.busy { Duration::from_secs(1) } else { slot.wait(now) });
        }
        if !wait.is_zero() {
            return Err(wait);
        }
        for place in &places {
            state.slot(*place).busy = true;
        }
        Ok(Attempt { throttle: self, places, settled: false })
    }
}

impl State {
    fn slot(&mut self, place: Place) -> &mut Slot {
        match place {
            Place::Name(i) => &mut self.names[i],
            Place::Address(i) => &mut self.addresses[i],
            Place::Keyed(hash) => self.keyed.entry(hash).or_default(),
        }
    }
}

impl Attempt<'_> {
    /// The password was wrong: each key counts one more failure.
    pub fn failed(mut self) {
        self.settle(|slot| {
            slot.failures = slot.failures.saturating_add(1);
            slot.last_failure = Some(Instant::now());
        });
    }

    /// The password was right: the keys start again from no failure.
    pub fn succeeded(mut self) {
        self.settle(|slot| *slot = Slot::default());
    }

    fn settle(&mut self, change: impl Fn(&mut Slot)) {
        let mut state = self.throttle.state.lock().unwrap_or_else(|e| e.into_inner());
        for place in &self.places {
            let slot = state.slot(*place);
            change(slot);
            slot.busy = false;
        }
        self.settled = true;
    }
}

impl Drop for Attempt<'_> {
    /// An attempt that ended without an answer (the store failed, the client left) counts
    /// nothing, and frees its keys.
    fn drop(&mut self) {
        if !self.settled {
            self.settle(|_| {});
        }
    }
}

/// The client of a request from `peer`: `peer` itself, or — when `peer` is one of the
/// `trusted` proxies — the nearest address of `X-Forwarded-For` that is not one of them
/// (each proxy appends the address it was reached from; the entries before are the
/// client's to write, and are not believed).
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let forwarded = headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).map(str::trim);
    let hops: Vec<IpAddr> = forwarded.filter_map(|hop| hop.parse().ok()).collect();
    hops.into_iter().rev().find(|hop| !trusted.contains(hop)).unwrap_or(peer)
}

/// The address a client's attempts are counted by: an IPv4 address, or an IPv6 address's
/// /64 network (one subscriber's, who could otherwise take a new address per guess).
pub fn client_address(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_after_the_free_failures_and_stop_at_the_longest() {
        let now = Instant::now();
        let waits: Vec<u64> =
            [0, 2, 3, 4, 5, 11, 12, 40].into_iter().map(|failures| Slot { failures, last_failure: Some(now), busy: false }.wait(now).as_secs()).collect();
        assert_eq!(waits, [0, 0, 1, 2, 4, 256, 300, 300]);
        let mut old = Slot { failures: 40, last_failure: Some(now), busy: false };
        assert_eq!(old.wait(now + MEMORY), Duration::ZERO, "forgotten after an hour");
        assert_eq!(old.failures, 0);
    }

    #[test]
    fn an_attempt_under_way_holds_its_keys_until_settled() {
        let throttle = Throttle::default();
        let keys = [Key::Name("wanghe".into()), Key::Address("10.0.0.1".into())];
        let first = throttle.begin(&keys).expect("free");
        assert_eq!(throttle.begin(&[Key::Address("10.0.0.1".into())]).err(), Some(Duration::from_secs(1)));
        assert!(throttle.begin(&[Key::Name("lizhen".into()), Key::Address("10.0.0.2".into())]).is_ok(), "other keys are free");
        drop(first);
        for _ in 0..FREE_FAILURES {
            throttle.begin(&keys).unwrap().failed();
        }
        let wait = throttle.begin(&keys).err().expect("a wait after the free failures");
        assert!(wait > Duration::from_millis(900) && wait <= Duration::from_secs(1), "{wait:?}");
        assert!(throttle.begin(&[Key::Known("wanghe".into(), "10.0.0.9".into())]).is_ok(), "a known pair is its own key");
    }

    /// The probe that emptied the old table: 5,200 made-up names from 5,200 addresses. The
    /// real account's count stands after it, and the memory held is what it was.
    #[test]
    fn a_flood_of_made_up_names_neither_empties_the_counts_nor_grows_them() {
        let throttle = Throttle::default();
        let real = [Key::Name("wanghe".into()), Key::Address("203.0.113.5".into())];
        for _ in 0..FREE_FAILURES {
            throttle.begin(&real).unwrap().failed();
        }
        for i in 0..5_200u32 {
            let keys = [Key::Name(format!("made-up-{i}")), Key::Address(format!("10.{}.{}.1", i >> 8, i & 255))];
            if let Ok(attempt) = throttle.begin(&keys) {
                attempt.failed();
            }
        }
        assert!(throttle.begin(&[Key::Name("wanghe".into())]).is_err(), "the account still waits");
        let state = throttle.state.lock().unwrap();
        assert_eq!((state.names.len(), state.addresses.len(), state.keyed.len()), (SLOTS, SLOTS, 0));
    }

    #[test]
    fn a_forwarded_client_is_believed_from_a_trusted_proxy_only() {
        let proxy: IpAddr = "10.0.0.2".parse().unwrap();
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", "203.0.113.9, 198.51.100.4, 10.0.0.2".parse().unwrap());
        assert_eq!(client_ip(proxy, &headers, &[proxy]), "198.51.100.4".parse::<IpAddr>().unwrap(), "the nearest hop not a proxy");
        assert_eq!(client_ip(proxy, &headers, &[]), proxy, "no proxy trusted: the header is not believed");
        let stranger: IpAddr = "192.0.2.1".parse().unwrap();
        assert_eq!(client_ip(stranger, &headers, &[proxy]), stranger, "from anyone else neither");
        assert_eq!(client_ip(proxy, &HeaderMap::new(), &[proxy]), proxy, "no header: the proxy");
    }

    #[test]
    fn addresses_are_counted_by_ipv4_or_ipv6_network() {
        assert_eq!(client_address("192.0.2.7".parse().unwrap()), "192.0.2.7");
        assert_eq!(client_address("::ffff:192.0.2.7".parse().unwrap()), "192.0.2.7");
        assert_eq!(client_address("2001:db8:1:2:aaaa::1".parse().unwrap()), "2001:db8:1:2::/64");
    }
}
