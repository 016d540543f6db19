// A web folder, named by the README's example exception.
export function greet(name) { return "hello " + name; }
