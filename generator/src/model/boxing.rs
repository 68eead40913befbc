//! Which struct fields and union variants the SDK boxes: those that close
//! a loop of types (which would otherwise have infinite size), and union
//! variants so much larger than the others that every value of the union
//! would pay for them (clippy's `large_enum_variant`).

use std::collections::HashMap;

use super::*;

/// A type that contains itself (directly or through other structs and
/// unions, not through `Vec` or maps) would have infinite size: box the
/// members that close such a loop. A member closes a loop exactly when its
/// type sits in the same strongly connected component as its own type,
/// which one pass of Tarjan's algorithm finds for all types at once.
/// Struct fields are boxed first; then union variants, one at a time,
/// while a loop remains.
pub(super) fn box_recursive_members(types: &mut [TypeDef]) {
    let component = components(types);
    let index = name_index(types);
    let in_loop = |i: usize, expr: &TypeExpr| {
        direct_name(expr)
            .and_then(|name| index.get(name))
            .is_some_and(|&t| component[t] == component[i])
    };
    let boxed_fields: Vec<Vec<bool>> = types
        .iter()
        .enumerate()
        .map(|(i, def)| match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| in_loop(i, &f.expr)).collect(),
            _ => Vec::new(),
        })
        .collect();
    for (def, boxed) in types.iter_mut().zip(boxed_fields) {
        if let TypeKind::Struct(s) = &mut def.kind {
            for (field, boxed) in s.fields.iter_mut().zip(boxed) {
                field.boxed = boxed;
            }
        }
    }
    // One variant at a time: boxing one member of a loop of unions breaks
    // it, and the others can stay inline.
    while let Some((i, v)) = first_variant_in_loop(types, &index) {
        if let TypeKind::Union(u) = &mut types[i].kind {
            u.variants[v].boxed = true;
        }
    }
}

/// The first union variant (type index, variant index), in model order,
/// that still closes a loop of types.
fn first_variant_in_loop(
    types: &[TypeDef],
    index: &HashMap<String, usize>,
) -> Option<(usize, usize)> {
    let component = components(types);
    types.iter().enumerate().find_map(|(i, def)| {
        let TypeKind::Union(u) = &def.kind else {
            return None;
        };
        u.variants
            .iter()
            .position(|v| {
                !v.boxed
                    && direct_name(&v.expr)
                        .and_then(|name| index.get(name))
                        .is_some_and(|&t| component[t] == component[i])
            })
            .map(|v| (i, v))
    })
}

/// How much larger than the next largest a variant may be before it is
/// boxed: clippy's `large_enum_variant` limit.
const LARGE_VARIANT_BYTES: u64 = 200;

/// Boxes, in every union, the largest variant while it is more than
/// [`LARGE_VARIANT_BYTES`] larger than the next: what a person does when
/// clippy says a variant is large, and no more, so unions of like-sized
/// members keep their values inline.
pub(super) fn box_large_variants(types: &mut [TypeDef]) {
    let index = name_index(types);
    let mut sizes = Sizes {
        types,
        index: &index,
        known: HashMap::new(),
    };
    let mut decided: Vec<(usize, Vec<bool>)> = Vec::new();
    for (i, def) in sizes.types.iter().enumerate() {
        let TypeKind::Union(u) = &def.kind else {
            continue;
        };
        let mut estimated: Vec<(u64, bool)> = u
            .variants
            .iter()
            .map(|v| (sizes.variant(v), v.boxed))
            .collect();
        let boxable = |v: &Variant| matches!(v.expr.ty, TypeRef::Named(_));
        loop {
            let mut open: Vec<(usize, u64)> = estimated
                .iter()
                .enumerate()
                .filter(|(_, (_, boxed))| !boxed)
                .map(|(n, (size, _))| (n, *size))
                .collect();
            open.sort_by_key(|(_, size)| std::cmp::Reverse(*size));
            let boxed = estimated.iter().filter(|(_, boxed)| *boxed).count();
            let next = open.get(1).map(|(_, s)| *s).or((boxed > 0).then_some(BOX));
            match (open.first(), next) {
                (Some(&(largest, size)), Some(next))
                    if size > next + LARGE_VARIANT_BYTES && boxable(&u.variants[largest]) =>
                {
                    estimated[largest] = (BOX, true);
                }
                _ => break,
            }
        }
        // Unions that hold this one measure it as it is now.
        let largest = estimated.iter().map(|(size, _)| *size).max();
        sizes.known.insert(i, Some(largest.unwrap_or(0) + BOX));
        decided.push((i, estimated.into_iter().map(|(_, boxed)| boxed).collect()));
    }
    for (i, boxed) in decided {
        if let TypeKind::Union(u) = &mut types[i].kind {
            for (variant, boxed) in u.variants.iter_mut().zip(boxed) {
                variant.boxed = boxed;
            }
        }
    }
}

/// The size of a pointer, which is what a boxed value costs in place.
const BOX: u64 = 8;

/// Estimated sizes in bytes of the SDK's types on a 64-bit target, as
/// the compiler lays them out: a struct is its fields' sizes rounded up to
/// a word (fields are reordered, so padding stays small), an `Option` of a
/// type with a spare bit pattern (`String`, `Vec`, `bool`, enums) costs
/// nothing more, and an enum adds a word for its tag.
struct Sizes<'a> {
    types: &'a [TypeDef],
    index: &'a HashMap<String, usize>,
    /// Sizes of named types; `None` while one is being measured, so a loop
    /// (boxed, or it would not compile) counts as a pointer.
    known: HashMap<usize, Option<u64>>,
}

impl Sizes<'_> {
    fn variant(&mut self, v: &Variant) -> u64 {
        if v.boxed {
            return BOX;
        }
        self.optional(&v.expr, v.expr.nullable)
    }

    /// `expr`, in an `Option` when `optional`.
    fn optional(&mut self, expr: &TypeExpr, optional: bool) -> u64 {
        let size = self.value(expr);
        let has_niche = !matches!(expr.ty, TypeRef::Integer(_) | TypeRef::Number(_));
        if optional && !has_niche {
            // The tag, padded to the number's alignment.
            size * 2
        } else {
            size
        }
    }

    fn value(&mut self, expr: &TypeExpr) -> u64 {
        match &expr.ty {
            TypeRef::String | TypeRef::Array(_) | TypeRef::Bytes => 24,
            TypeRef::Integer(IntegerFormat::Int64) | TypeRef::Number(NumberFormat::Double) => 8,
            TypeRef::Integer(IntegerFormat::Int32) | TypeRef::Number(NumberFormat::Float) => 4,
            TypeRef::Boolean => 1,
            // `IndexMap`: its entries (a `Vec`), its index table and hasher.
            TypeRef::Map(_) => 72,
            // `serde_json::Value` with `preserve_order`: a map and a tag.
            TypeRef::Any => 80,
            TypeRef::Named(name) => match self.index.get(name.as_str()) {
                Some(&i) => self.named(i),
                None => BOX,
            },
        }
    }

    fn named(&mut self, i: usize) -> u64 {
        match self.known.get(&i) {
            Some(Some(size)) => return *size,
            Some(None) => return BOX,
            None => {}
        }
        self.known.insert(i, None);
        let types = self.types;
        let size = match &types[i].kind {
            TypeKind::Struct(s) => {
                let fields: u64 = s
                    .fields
                    .iter()
                    .map(|f| {
                        if f.boxed {
                            BOX
                        } else {
                            let nullable = f.expr.nullable && f.expr.ty != TypeRef::Any;
                            self.optional(&f.expr, !f.required || nullable)
                        }
                    })
                    .sum();
                let additional = if s.additional.is_some() { 72 } else { 0 };
                (fields + additional).div_ceil(BOX) * BOX
            }
            // `Unknown(String)` and its spare patterns for the known values.
            TypeKind::StringEnum(_) => 24,
            TypeKind::Union(u) => {
                let largest = u.variants.iter().map(|v| self.variant(v)).max();
                largest.unwrap_or(0) + BOX
            }
            TypeKind::Newtype(expr) => self.value(expr),
            TypeKind::Alias(target) => match self.index.get(target.as_str()) {
                Some(&t) => self.named(t),
                None => BOX,
            },
        };
        self.known.insert(i, Some(size));
        size
    }
}

fn name_index(types: &[TypeDef]) -> HashMap<String, usize> {
    types
        .iter()
        .enumerate()
        .map(|(i, def)| (def.name.clone(), i))
        .collect()
}

/// The strongly connected component of every type, over the edges that
/// hold a type in place (fields and variants not yet boxed, newtypes,
/// aliases).
fn components(types: &[TypeDef]) -> Vec<usize> {
    let index = name_index(types);
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|def| {
            let direct: Vec<&str> = match &def.kind {
                TypeKind::Struct(s) => s
                    .fields
                    .iter()
                    .filter(|f| !f.boxed)
                    .filter_map(|f| direct_name(&f.expr))
                    .collect(),
                TypeKind::Union(u) => u
                    .variants
                    .iter()
                    .filter(|v| !v.boxed)
                    .filter_map(|v| direct_name(&v.expr))
                    .collect(),
                TypeKind::Newtype(expr) => direct_name(expr).into_iter().collect(),
                TypeKind::Alias(target) => vec![target.as_str()],
                TypeKind::StringEnum(_) => Vec::new(),
            };
            direct
                .into_iter()
                .filter_map(|name| index.get(name).copied())
                .collect()
        })
        .collect();
    strongly_connected_components(&edges)
}

fn direct_name(expr: &TypeExpr) -> Option<&str> {
    match &expr.ty {
        TypeRef::Named(name) => Some(name),
        _ => None,
    }
}

/// Tarjan's algorithm, iterative (a long `$ref` chain must not overflow
/// the stack). Returns the component number of every node.
fn strongly_connected_components(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNVISITED: usize = usize::MAX;
    let count = edges.len();
    let mut order = vec![UNVISITED; count];
    let mut low = vec![0; count];
    let mut on_stack = vec![false; count];
    let mut component = vec![UNVISITED; count];
    let mut stack = Vec::new();
    let mut next_order = 0;
    let mut next_component = 0;
    for root in 0..count {
        if order[root] != UNVISITED {
            continue;
        }
        // (node, index of the next edge to look at)
        let mut work = vec![(root, 0)];
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if *edge == 0 && order[node] == UNVISITED {
                order[node] = next_order;
                low[node] = next_order;
                next_order += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&next) = edges[node].get(*edge) {
                *edge += 1;
                if order[next] == UNVISITED {
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(order[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::strongly_connected_components;
    use crate::model::{build_model, TypeKind};

    #[test]
    fn unions_that_hold_each_other_box_one_member_of_the_loop() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    \
            A: {oneOf: [{type: integer}, {$ref: '#/components/schemas/B'}]}\n    \
            B: {anyOf: [{$ref: '#/components/schemas/A'}, {type: string}]}\n";
        let spec = crate::load::load_str(std::path::Path::new("t.yaml"), text).expect("loads");
        let model = build_model(&spec).expect("builds").model;
        let boxed: Vec<(&str, &str)> = model
            .types
            .iter()
            .filter_map(|def| match &def.kind {
                TypeKind::Union(u) => Some(
                    u.variants
                        .iter()
                        .filter(|v| v.boxed)
                        .map(|v| (def.name.as_str(), v.rust_name.as_str())),
                ),
                _ => None,
            })
            .flatten()
            .collect();
        assert_eq!(boxed, [("A", "B")]);
    }

    #[test]
    fn components_group_exactly_the_nodes_on_a_cycle() {
        // 0 → 1 → 2 → 0 is a cycle; 3 → 0 and 4 (self-loop) stand apart.
        let edges = vec![vec![1], vec![2], vec![0], vec![0], vec![4]];
        let c = strongly_connected_components(&edges);
        assert!(c[0] == c[1] && c[1] == c[2]);
        assert!(c[3] != c[0] && c[4] != c[0] && c[3] != c[4]);
    }
}
