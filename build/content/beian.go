package content

import "strings"

// PoliceRecordCode is the number of the public-security filing without its
// prefix, e.g. "32059002001234" for "苏公网安备 32059002001234号": the query
// page of beian.mps.gov.cn takes the digits alone.
func (s Settings) PoliceRecordCode() string {
	var b strings.Builder
	for _, r := range s.PoliceRecord {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
