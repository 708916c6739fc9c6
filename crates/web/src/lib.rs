//! Web layer (being written).
