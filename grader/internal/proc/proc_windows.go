//go:build windows

package proc

import (
	"errors"
	"fmt"
	"sync"
	"unsafe"

	"golang.org/x/sys/windows"
)

// sysState holds the command's job object, from Start until Wait. The memory watch reads the
// job while Wait may close it, hence the lock.
type sysState struct {
	mu  sync.Mutex
	job windows.Handle
}

// exitKilled is the exit status of a killed process, the one os.Process.Kill gives.
const exitKilled = 1

func (c *Cmd) prepare() {}

// start starts the command in a job object of its own, which its children join as they start.
// The job kills every process in it when its last handle closes: in Wait, or when prep ends
// however it ends, since only prep holds the handle.
//
// exec.Cmd cannot create a process inside a job, so the process joins it just after it
// starts. A child started in that moment would escape the job, but none is: the go command
// starts compile and link only after tens of milliseconds of loading the module, and a test
// binary starts no process at all, since a solution may import neither os/exec nor syscall.
func (c *Cmd) start() error {
	limit := c.MemoryLimit
	if c.NoCommitLimit {
		limit = 0
	}
	job, err := newJob(limit)
	if err != nil {
		return fmt.Errorf("creating a job object for %s: %w", c.Path, err)
	}
	// Set before the process starts, so that a kill as soon as it has started finds the job.
	c.sys.mu.Lock()
	c.sys.job = job
	c.sys.mu.Unlock()
	if err := c.Cmd.Start(); err != nil {
		c.release()
		return err
	}
	if err := assignToJob(job, c.Process.Pid); err != nil {
		_ = c.Process.Kill()
		_ = c.Cmd.Wait()
		c.release()
		return fmt.Errorf("putting %s in a job object: %w", c.Path, err)
	}
	return nil
}

func (c *Cmd) kill() error {
	// The process itself first, in case ctx ended before it joined the job; it cannot have
	// started children by then (see start).
	_ = c.Process.Kill()
	c.sys.mu.Lock()
	defer c.sys.mu.Unlock()
	if c.sys.job == 0 {
		return nil
	}
	return windows.TerminateJobObject(c.sys.job, exitKilled)
}

// release closes the job, which kills any process still in it.
func (c *Cmd) release() {
	c.sys.mu.Lock()
	defer c.sys.mu.Unlock()
	if c.sys.job != 0 {
		_ = windows.CloseHandle(c.sys.job)
		c.sys.job = 0
	}
}

// processIDs lists the processes of the command's job.
func (c *Cmd) processIDs() ([]uint32, error) {
	c.sys.mu.Lock()
	defer c.sys.mu.Unlock()
	if c.sys.job == 0 {
		return nil, errors.New("the command is not running")
	}
	return jobProcessIDs(c.sys.job)
}

// The job object functions of golang.org/x/sys/windows take their buffer as a uintptr, which
// keeps Go memory in place only when converted in the call to syscall.SyscallN itself.
// LazyProc.Call is marked go:uintptrescapes, which keeps a buffer converted in its call alive
// and in place until it returns.
var (
	kernel32                  = windows.NewLazySystemDLL("kernel32.dll")
	setInformationJobObject   = kernel32.NewProc("SetInformationJobObject")
	queryInformationJobObject = kernel32.NewProc("QueryInformationJobObject")
)

// newJob creates a job that kills its processes when closed, and limits the memory they
// commit to a backstop above memoryLimit (see jobLimits).
func newJob(memoryLimit int64) (windows.Handle, error) {
	// A job handle is not inheritable unless asked, so only prep holds this one.
	job, err := windows.CreateJobObject(nil, nil)
	if err != nil {
		return 0, err
	}
	flags, memory := jobLimits(memoryLimit, uint64(^uintptr(0)))
	var info windows.JOBOBJECT_EXTENDED_LIMIT_INFORMATION
	info.BasicLimitInformation.LimitFlags = flags
	info.JobMemoryLimit = uintptr(memory)
	r, _, err := setInformationJobObject.Call(uintptr(job), windows.JobObjectExtendedLimitInformation,
		uintptr(unsafe.Pointer(&info)), unsafe.Sizeof(info))
	if r == 0 {
		_ = windows.CloseHandle(job)
		return 0, fmt.Errorf("setting its limits: %w", err)
	}
	return job, nil
}

// assignToJob puts the process pid in job. The pid is that of a process not yet waited for,
// whose handle os.Process holds, so it cannot name another process.
func assignToJob(job windows.Handle, pid int) error {
	h, err := windows.OpenProcess(windows.PROCESS_SET_QUOTA|windows.PROCESS_TERMINATE, false, uint32(pid))
	if err != nil {
		return err
	}
	defer windows.CloseHandle(h)
	return windows.AssignProcessToJobObject(job, h)
}

// jobProcessIDs lists the processes of job, asking again with room for more while the
// list does not fit.
func jobProcessIDs(job windows.Handle) ([]uint32, error) {
	const ptrSize = int(unsafe.Sizeof(uintptr(0)))
	room := 16 // processes: a command has one to a few
	for range 4 {
		// Whole words, so that the array of ULONG_PTR is aligned.
		words := make([]uint64, (processIDListHeader+room*ptrSize+7)/8)
		buf := unsafe.Slice((*byte)(unsafe.Pointer(&words[0])), len(words)*8)
		r, _, err := queryInformationJobObject.Call(uintptr(job), windows.JobObjectBasicProcessIdList,
			uintptr(unsafe.Pointer(&words[0])), uintptr(len(buf)), 0)
		if r == 0 && !errors.Is(err, windows.ERROR_MORE_DATA) {
			return nil, err
		}
		pids, assigned, ok := parseProcessIDList(buf, ptrSize)
		if !ok {
			return nil, errors.New("malformed JOBOBJECT_BASIC_PROCESS_ID_LIST")
		}
		if len(pids) >= assigned {
			return pids, nil
		}
		room = assigned + 16
	}
	return nil, errors.New("the job's processes kept multiplying")
}
