fn main() {
    println!("verbatim");
}
