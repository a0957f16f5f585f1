// Runs the Argo CD health checks of argocd/resource_customizations in gopher-lua, the Lua VM Argo CD embeds, set up
// the way Argo CD sets it up for a health check from argocd-cm: no standard libraries but package, base and table,
// the live object as the global `obj` (JSON numbers as Lua numbers), one second to finish. The cases are each kind's
// health_test.yaml, in the layout of Argo CD's own resource_customizations: an input object under testdata/ and
// the health status and message expected for it.
//
// Run by ./mvnw verify (ArgoCdHealthTest); by hand: cd hack/argocd-health && go test ./...
package argocdhealth

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"
	"sigs.k8s.io/yaml"
)

const customizations = "../../argocd/resource_customizations"

type healthStatus struct {
	Status  string `json:"status"`
	Message string `json:"message"`
}

type healthTests struct {
	Tests []struct {
		HealthStatus healthStatus `json:"healthStatus"`
		InputPath    string       `json:"inputPath"`
	} `json:"tests"`
}

var knownStatuses = map[string]bool{
	"Healthy": true, "Progressing": true, "Degraded": true, "Suspended": true, "Missing": true, "Unknown": true,
}

func TestHealthChecks(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(customizations, "*", "*", "health_test.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no health_test.yaml under %s", customizations)
	}
	for _, file := range files {
		dir := filepath.Dir(file)
		kind := filepath.Base(filepath.Dir(dir)) + "/" + filepath.Base(dir)
		t.Run(kind, func(t *testing.T) {
			script := read(t, filepath.Join(dir, "health.lua"))
			var cases healthTests
			if err := yaml.UnmarshalStrict(read(t, file), &cases); err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			used := map[string]bool{}
			for _, c := range cases.Tests {
				used[filepath.Clean(c.InputPath)] = true
				t.Run(c.InputPath, func(t *testing.T) {
					got, err := run(string(script), read(t, filepath.Join(dir, c.InputPath)))
					if err != nil {
						t.Fatal(err)
					}
					if got != c.HealthStatus {
						t.Errorf("got %+v, want %+v", got, c.HealthStatus)
					}
				})
			}
			unused := unusedTestdata(t, dir, used)
			if len(unused) > 0 {
				t.Errorf("testdata files no test in %s uses: %v", file, unused)
			}
		})
	}
}

// The health check must run in Argo CD's restricted VM: a script that reached for the string library (which
// Argo CD does not open for argocd-cm checks) would fail there.
func TestStringLibraryIsNotOpen(t *testing.T) {
	_, err := run(`return {status = "Healthy", message = string.format("%d", 1)}`, []byte("{}"))
	if err == nil {
		t.Fatal("string.format ran, but Argo CD does not open the string library for argocd-cm health checks")
	}
}

func run(script string, object []byte) (healthStatus, error) {
	var obj map[string]interface{}
	if err := yaml.Unmarshal(object, &obj); err != nil {
		return healthStatus{}, err
	}
	l := lua.NewState(lua.Options{SkipOpenLibs: true})
	defer l.Close()
	for _, lib := range []struct {
		name string
		open lua.LGFunction
	}{
		{lua.LoadLibName, lua.OpenPackage},
		{lua.BaseLibName, lua.OpenBase},
		{lua.TabLibName, lua.OpenTable},
	} {
		if err := l.CallByParam(lua.P{Fn: l.NewFunction(lib.open), NRet: 0, Protect: true}, lua.LString(lib.name)); err != nil {
			return healthStatus{}, err
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	l.SetContext(ctx)
	l.SetGlobal("obj", toLua(l, obj))
	if err := l.DoString(script); err != nil {
		return healthStatus{}, err
	}
	result, ok := l.Get(-1).(*lua.LTable)
	if !ok {
		return healthStatus{}, fmt.Errorf("the script returned %s, not a table", l.Get(-1).Type())
	}
	status := healthStatus{Status: lua.LVAsString(result.RawGetString("status"))}
	if message, ok := result.RawGetString("message").(lua.LString); ok {
		status.Message = string(message)
	}
	if !knownStatuses[status.Status] {
		return healthStatus{}, fmt.Errorf("status %q is none Argo CD knows", status.Status)
	}
	return status, nil
}

// toLua turns a JSON value into Lua values as Argo CD does: objects and arrays become tables, numbers Lua numbers.
func toLua(l *lua.LState, value interface{}) lua.LValue {
	switch v := value.(type) {
	case nil:
		return lua.LNil
	case bool:
		return lua.LBool(v)
	case float64:
		return lua.LNumber(v)
	case string:
		return lua.LString(v)
	case json.Number:
		return lua.LString(v)
	case []interface{}:
		table := l.CreateTable(len(v), 0)
		for _, item := range v {
			table.Append(toLua(l, item))
		}
		return table
	case map[string]interface{}:
		table := l.CreateTable(0, len(v))
		for key, item := range v {
			table.RawSetH(lua.LString(key), toLua(l, item))
		}
		return table
	}
	return lua.LNil
}

func read(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func unusedTestdata(t *testing.T, dir string, used map[string]bool) []string {
	files, err := filepath.Glob(filepath.Join(dir, "testdata", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var unused []string
	for _, f := range files {
		rel, _ := filepath.Rel(dir, f)
		if !used[rel] {
			unused = append(unused, rel)
		}
	}
	sort.Strings(unused)
	return unused
}
