//! Hostile and careless input, as an attacker or a hurried user would give
//! it: nothing in a spec or a payload may run code, delete files, leak a
//! secret, crash or hang any command. One test per way it could go wrong;
//! each module takes one family.

mod codegen_output;
mod common;
mod fuzz;
#[path = "../git/mod.rs"]
mod git;
mod secrets;
mod spec_input;
mod validate_input;
