import Foundation
import ModelFiles

// `dnnlab-h5check FILE`: reads all of an HDF5 file the way dnnlab's model loading would, so
// that a file which crashes the HDF5 library crashes this process instead of dnnlab's.
// Exit status 0: readable; 1: HDF5 reported an error; 2: wrong arguments.
let arguments = CommandLine.arguments
guard arguments.count == 2 else {
  FileHandle.standardError.write(Data("usage: dnnlab-h5check FILE\n".utf8))
  exit(2)
}
exit(ModelFiles.checkHDF5File(arguments[1]))
