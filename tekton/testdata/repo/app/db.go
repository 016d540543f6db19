package app

func q(db interface{ Query(string) }, name string) {
	db.Query("SELECT * FROM users WHERE name = '" + name + "'")
}
