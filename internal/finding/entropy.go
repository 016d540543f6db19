package finding

import "math"

// Entropy is the Shannon entropy of s in bits per character: what tells a random key
// from a placeholder or a word, for the secrets check and the SAST classifier alike.
func Entropy(s string) float64 {
	if s == "" {
		return 0
	}
	counts := map[rune]int{}
	n := 0
	for _, r := range s {
		counts[r]++
		n++
	}
	var h float64
	for _, c := range counts {
		p := float64(c) / float64(n)
		h -= p * math.Log2(p)
	}
	return h
}
