//! Text that matches a schema's `pattern`, for generated examples: a
//! small generator over the regular expressions specs actually write
//! (literals, escapes, classes, groups with `|`, quantifiers). Whatever
//! it cannot read, or produces wrongly, is refused: the caller checks the
//! result with the same ECMA-262 engine the validator uses.

use rand_core::Rng;

/// Repetitions for `*`, `+` and open `{n,}` stop this far above their minimum.
const OPEN_REPEAT: usize = 3;
/// Nested groups deeper than this are not generated.
const MAX_DEPTH: usize = 16;

/// A string matching `pattern`, or `None`.
pub fn matching(pattern: &str, rng: &mut impl Rng) -> Option<String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut reader = Reader { chars, at: 0 };
    let node = reader.alternation(0)?;
    if reader.at != reader.chars.len() {
        return None;
    }
    let mut out = String::new();
    node.emit(rng, &mut out);
    let regex = regress::Regex::new(pattern).ok()?;
    regex.find(&out).is_some().then_some(out)
}

#[derive(Debug)]
enum Node {
    Empty,
    /// Characters to choose one from.
    Set(Vec<char>),
    Sequence(Vec<Node>),
    Choice(Vec<Node>),
    Repeat(Box<Node>, usize, usize),
}

impl Node {
    fn emit(&self, rng: &mut impl Rng, out: &mut String) {
        match self {
            Node::Empty => {}
            Node::Set(options) => {
                if !options.is_empty() {
                    out.push(options[pick(rng, options.len())]);
                }
            }
            Node::Sequence(nodes) => nodes.iter().for_each(|n| n.emit(rng, out)),
            Node::Choice(nodes) => nodes[pick(rng, nodes.len())].emit(rng, out),
            Node::Repeat(node, low, high) => {
                let count = low + pick(rng, high - low + 1);
                (0..count).for_each(|_| node.emit(rng, out));
            }
        }
    }
}

fn pick(rng: &mut impl Rng, len: usize) -> usize {
    (rng.next_u64() % len.max(1) as u64) as usize
}

struct Reader {
    chars: Vec<char>,
    at: usize,
}

impl Reader {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += 1;
        Some(c)
    }

    fn alternation(&mut self, depth: usize) -> Option<Node> {
        if depth > MAX_DEPTH {
            return None;
        }
        let mut options = vec![self.sequence(depth)?];
        while self.peek() == Some('|') {
            self.at += 1;
            options.push(self.sequence(depth)?);
        }
        Some(if options.len() == 1 {
            options.remove(0)
        } else {
            Node::Choice(options)
        })
    }

    fn sequence(&mut self, depth: usize) -> Option<Node> {
        let mut nodes = Vec::new();
        while let Some(c) = self.peek() {
            let atom = match c {
                '|' | ')' => break,
                '^' | '$' => {
                    self.at += 1;
                    continue;
                }
                '(' => {
                    self.at += 1;
                    if self.peek() == Some('?') {
                        self.at += 1;
                        (self.next()? == ':').then_some(())?;
                    }
                    let inner = self.alternation(depth + 1)?;
                    (self.next()? == ')').then_some(())?;
                    inner
                }
                '[' => {
                    self.at += 1;
                    Node::Set(self.class()?)
                }
                '.' => {
                    self.at += 1;
                    Node::Set(('a'..='z').collect())
                }
                '\\' => {
                    self.at += 1;
                    Node::Set(self.escape()?)
                }
                '*' | '+' | '?' | '{' => return None,
                _ => {
                    self.at += 1;
                    Node::Set(vec![c])
                }
            };
            nodes.push(self.quantified(atom)?);
        }
        Some(match nodes.len() {
            0 => Node::Empty,
            1 => nodes.remove(0),
            _ => Node::Sequence(nodes),
        })
    }

    fn quantified(&mut self, atom: Node) -> Option<Node> {
        let (low, high) = match self.peek() {
            Some('*') => (0, OPEN_REPEAT),
            Some('+') => (1, 1 + OPEN_REPEAT),
            Some('?') => (0, 1),
            Some('{') => {
                self.at += 1;
                let low = self.number()?;
                let high = match self.next()? {
                    '}' => return Some(Node::Repeat(Box::new(atom), low, low)),
                    ',' if self.peek() == Some('}') => low + OPEN_REPEAT,
                    ',' => self.number()?,
                    _ => return None,
                };
                (self.peek() == Some('}')).then_some(())?;
                (low, high)
            }
            _ => return Some(atom),
        };
        self.at += 1;
        // A lazy `?` after a quantifier changes nothing for generation.
        if self.peek() == Some('?') {
            self.at += 1;
        }
        (low <= high).then(|| Node::Repeat(Box::new(atom), low, high))
    }

    fn number(&mut self) -> Option<usize> {
        let start = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.at += 1;
        }
        let text: String = self.chars[start..self.at].iter().collect();
        text.parse().ok().filter(|n| *n <= 1000)
    }

    fn escape(&mut self) -> Option<Vec<char>> {
        Some(match self.next()? {
            'd' => ('0'..='9').collect(),
            'w' => ('a'..='z').chain('0'..='9').chain(['_']).collect(),
            's' => vec![' '],
            'x' => vec![self.hex(2)?],
            'u' => vec![self.hex(4)?],
            c if c.is_ascii_alphanumeric() => return None,
            c => vec![c],
        })
    }

    fn hex(&mut self, digits: usize) -> Option<char> {
        let text: String = (0..digits).map(|_| self.next()).collect::<Option<_>>()?;
        char::from_u32(u32::from_str_radix(&text, 16).ok()?)
    }

    /// The characters of a class (after `[`), through its `]`.
    fn class(&mut self) -> Option<Vec<char>> {
        let negated = self.peek() == Some('^');
        if negated {
            self.at += 1;
        }
        let mut set = Vec::new();
        loop {
            let first = match self.next()? {
                ']' => break,
                '\\' => {
                    let escaped = self.escape()?;
                    if escaped.len() != 1 {
                        set.extend(escaped);
                        continue;
                    }
                    escaped[0]
                }
                c => c,
            };
            if self.peek() == Some('-') && self.chars.get(self.at + 1) != Some(&']') {
                self.at += 1;
                let last = match self.next()? {
                    '\\' => *self.escape()?.first()?,
                    c => c,
                };
                (first <= last).then_some(())?;
                set.extend((first..=last).take(512));
            } else {
                set.push(first);
            }
        }
        if negated {
            let printable = (' '..='~').filter(|c| !set.contains(c)).collect();
            return Some(printable);
        }
        Some(set)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_core::SeedableRng;

    #[test]
    fn the_patterns_of_the_specs_are_generated_and_match() {
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(7);
        for pattern in [
            r"^[A-Z]{3}$",
            r"^[\x20-\x7E]+$",
            r"^\d{4}-\d{2}-\d{2}$",
            r"^(?:tok|pay)_[a-z0-9]{4,8}$",
            r"^[^@]+@example\.com$",
        ] {
            let text = matching(pattern, &mut rng).expect(pattern);
            let regex = regress::Regex::new(pattern).expect("compiles");
            assert!(regex.find(&text).is_some(), "{pattern}: {text}");
        }
    }

    #[test]
    fn what_it_cannot_read_is_refused() {
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(1);
        assert_eq!(matching(r"^(?=a)b$", &mut rng), None);
        assert_eq!(matching(r"\p{L}+", &mut rng), None);
    }
}
