//! The small helpers several modules share, each written once: hex digits, percent-encoding and
//! decoding, and the sort. wa-guard writes them by hand for size (see README "Dependencies": the
//! form codec is what `percent-encoding` + `form_urlencoded` do, and the standard sorts cost
//! kilobytes of wasm per instantiation).

/// The value of a hex digit (either case).
#[inline(always)]
pub fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// The hex digit of a nibble (`n` < 16), upper or lower case.
pub fn hex_char(n: u8, upper: bool) -> char {
    char::from(match n {
        0..=9 => b'0' + n,
        10..=15 if upper => b'A' + n - 10,
        10..=15 => b'a' + n - 10,
        _ => b'?',
    })
}

/// Lower-case hex of bytes (`0a1b…`).
pub fn hex_lower(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(hex_char(b >> 4, false));
        s.push(hex_char(b & 15, false));
    }
    s
}

/// Appends `%XX` (upper-case hex) for one byte.
pub fn push_pct(out: &mut String, b: u8) {
    out.push('%');
    out.push(hex_char(b >> 4, true));
    out.push(hex_char(b & 15, true));
}

/// Percent-decodes valid `%XX` escapes into bytes, and `+` into a space when `plus_is_space`
/// (forms, Node's legacy `querystring`); a `%` not followed by two hex digits is kept as is (as
/// `URLSearchParams` and `new URL()` do). Runs of plain bytes are copied in bulk.
#[inline]
pub fn percent_decode(s: &[u8], plus_is_space: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let (mut i, mut run) = (0, 0);
    while let Some(&c) = s.get(i) {
        let (byte, len) = match c {
            b'+' if plus_is_space => (b' ', 1),
            b'%' => match (
                s.get(i + 1).copied().and_then(hex_value),
                s.get(i + 2).copied().and_then(hex_value),
            ) {
                (Some(h), Some(l)) => (h << 4 | l, 3),
                _ => {
                    i += 1;
                    continue;
                }
            },
            _ => {
                i += 1;
                continue;
            }
        };
        out.extend_from_slice(s.get(run..i).unwrap_or_default());
        out.push(byte);
        i += len;
        run = i;
    }
    out.extend_from_slice(s.get(run..).unwrap_or_default());
    out
}

fn sift_down<T>(v: &mut [T], mut node: usize, less: &impl Fn(&T, &T) -> bool) {
    loop {
        let mut child = 2 * node + 1;
        if let (Some(a), Some(b)) = (v.get(child), v.get(child + 1)) {
            if less(a, b) {
                child += 1;
            }
        }
        match (v.get(node), v.get(child)) {
            (Some(a), Some(b)) if less(a, b) => v.swap(node, child),
            _ => return,
        }
        node = child;
    }
}

/// Heap sort: O(n log n) on any input (params are attacker-controlled), no allocation, and one
/// small instantiation per element type (the standard sorts cost kilobytes of wasm each).
/// Unstable. Used for webhook parameters, events, sandbox evidence and the template index.
pub fn heap_sort<T>(v: &mut [T], less: &impl Fn(&T, &T) -> bool) {
    // Webhooks carry ~20 params: insertion sort does fewer comparisons there.
    if v.len() <= 32 {
        for i in 1..v.len() {
            let mut j = i;
            while j > 0 {
                match (v.get(j), v.get(j - 1)) {
                    (Some(a), Some(b)) if less(a, b) => v.swap(j, j - 1),
                    _ => break,
                }
                j -= 1;
            }
        }
        return;
    }
    for i in (0..v.len() / 2).rev() {
        sift_down(v, i, less);
    }
    for end in (1..v.len()).rev() {
        v.swap(0, end);
        if let Some(heap) = v.get_mut(..end) {
            sift_down(heap, 0, less);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips() {
        for b in 0..=255u8 {
            let mut s = String::new();
            push_pct(&mut s, b);
            let d = s.as_bytes();
            assert_eq!(hex_value(d[1]).unwrap() << 4 | hex_value(d[2]).unwrap(), b);
        }
        assert_eq!(hex_lower(&[0x0a, 0xff]), "0aff");
        assert_eq!(hex_value(b'g'), None);
    }

    #[test]
    fn percent_decode_keeps_what_is_not_an_escape() {
        assert_eq!(percent_decode(b"a%20b+c%2", true), b"a b c%2");
        assert_eq!(percent_decode(b"a%20b+c%zz", false), b"a b+c%zz");
    }

    #[test]
    fn heap_sort_sorts_short_and_long_inputs() {
        for n in [0usize, 1, 5, 32, 33, 200] {
            let mut v: Vec<u32> = (0..n as u32)
                .map(|i| i.wrapping_mul(2_654_435_761) % 97)
                .collect();
            let mut w = v.clone();
            w.sort_unstable();
            heap_sort(&mut v, &|a, b| a < b);
            assert_eq!(v, w, "{n}");
        }
    }
}
